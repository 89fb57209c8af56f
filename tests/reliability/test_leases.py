"""Faults with real processes: a Celery worker (prefork) in a subprocess over a private
redis-server, building a real dossier of twenty photos, killed with SIGKILL mid-build.

The promise under test (core/leases.py): the dossier ends built or failed-with-reason within
lease + sweep time, never stuck "being made", and with one PDF and one set of custody
entries. The sweep is called here as beat calls it (every second instead of every minute);
the lease is short through the real setting, `WEIQUAN_JOB_LEASE_SECONDS`.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from evidence.dossier_pipeline import dossier_request
from evidence.jobs import jobs_sweep
from evidence.models import CustodyAction, CustodyEntry, Dossier, DossierState
from tests.factories import CaseFactory, UserFactory
from tests.support import files
from tests.support.evidence import stored_files, upload
from tests.support.s3 import storage_environ
from tests.support.sections import section
from tests.support.waiting import wait_for
from weiquan.celery import app as celery_app

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shopping_platforms"),
]
ROOT = Path(__file__).resolve().parents[2]
LEASE = 4  # seconds; renewed every 4/3 s while the build runs
PHOTOS = 20


@pytest.fixture
def short_leases(settings):
    settings.WEIQUAN_JOB_LEASE_SECONDS = LEASE
    settings.WEIQUAN_JOB_RETRY_BACKOFF_SECONDS = 1
    return settings


@pytest.fixture
def photo_case(client, redis_url, short_leases):
    """A case with twenty phone-sized photos whose print renditions are still to be made, so
    a build does real work for seconds: hashing, decoding, laying out twenty pages."""
    owner = UserFactory()
    case = CaseFactory(owner=owner)
    client.force_login(owner)
    photos = [
        (f"IMG_{n:04}.jpg", files.jpeg(title=f"商品照片 {n}", size=(3000, 4000)))
        for n in range(PHOTOS)
    ]
    assert upload(client, case, *photos, kind="product_photo").status_code == 302
    assert case.evidence.count() == PHOTOS
    celery_app.control.purge()  # the thumbnails' tasks: the dossier makes what it prints
    return case


class Worker:
    """`celery worker --pool=prefork --concurrency=1` in its own process group."""

    def __init__(self, redis_url: str, storage: dict[str, str], log: Path):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "weiquan.settings",
            "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            **storage,
            "WEIQUAN_JOB_LEASE_SECONDS": str(LEASE),
            "WEIQUAN_JOB_RETRY_BACKOFF_SECONDS": "1",
        }
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "weiquan", "worker", "--pool", "prefork",
             "--concurrency", "1", "--without-heartbeat", "--without-mingle", "--without-gossip",
             "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("a"),
            start_new_session=True,
        )  # fmt: skip

    def pool_children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_group(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill_group()


@pytest.fixture
def start_worker(redis_url, settings, tmp_path):
    started: list[Worker] = []

    def start() -> Worker:
        worker = Worker(redis_url, storage_environ(settings), tmp_path / "worker.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def state_of(dossier: Dossier) -> str:
    return Dossier.objects.values_list("state", flat=True).get(pk=dossier.pk)


def sweeping_until(dossier: Dossier, states: set[str], seconds: float) -> bool:
    """Beat's job, every second: the sweep, until the dossier reaches one of `states`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        jobs_sweep()
        if state_of(dossier) in states:
            return True
        time.sleep(1)
    return False


def assert_one_result(dossier: Dossier) -> None:
    dossier.refresh_from_db()
    assert dossier.state == DossierState.READY
    assert stored_files("dossiers/") == [dossier.file.name]
    included = CustodyEntry.objects.filter(action=CustodyAction.INCLUDED_IN_DOSSIER)
    assert included.count() == PHOTOS
    assert set(included.values_list("details__dossier", flat=True)) == {str(dossier.public_id)}


def building_in(dossier: Dossier, worker: Worker) -> None:
    assert wait_for(lambda: state_of(dossier) == DossierState.BUILDING, seconds=40), (
        worker.log.read_text()
    )
    time.sleep(0.3)  # into the work: files being hashed, pictures decoded, pages laid out


def test_a_pool_child_killed_mid_build_is_retried_and_the_dossier_is_made_once(
    photo_case, start_worker, settings
):
    worker = start_worker()
    dossier = dossier_request(case=photo_case, variant="full", actor=photo_case.owner)
    building_in(dossier, worker)
    # when the pool child doing the build is killed (the main process replaces it)
    children = worker.pool_children()
    assert len(children) == 1
    os.kill(children[0], signal.SIGKILL)
    started = time.monotonic()
    # then while the lease holds the page says nothing new; once it ran out the sweep retries
    assert sweeping_until(dossier, {DossierState.READY, DossierState.FAILED}, seconds=45), (
        worker.log.read_text()
    )
    assert time.monotonic() - started < 45
    assert_one_result(dossier)
    assert dossier.attempts == 2
    assert "WorkerLostError" in worker.log.read_text()


def test_the_whole_worker_killed_mid_build_ends_failed_with_a_reason_then_retry_makes_it_once(
    photo_case, start_worker, settings, client
):
    settings.WEIQUAN_JOB_MAX_ATTEMPTS = 1  # give up at once: the consumer's 重试 takes over
    worker = start_worker()
    dossier = dossier_request(case=photo_case, variant="full", actor=photo_case.owner)
    building_in(dossier, worker)
    # when the worker's whole process group is killed
    worker.kill_group()
    assert state_of(dossier) == DossierState.BUILDING
    # then within lease + sweep the dossier is failed, with a reason the consumer reads
    assert sweeping_until(dossier, {DossierState.FAILED}, seconds=LEASE + 5)
    page = client.get(section(photo_case, "files")).content.decode()
    assert "生成失败" in page and "处理程序意外中止" in page and "重试" in page
    assert "spinner-border" not in page
    # when the consumer presses 重试 and a new worker is running
    replacement = start_worker()
    response = client.post(reverse("evidence:dossier_retry", args=[dossier.public_id]))
    assert response.status_code == 302
    assert sweeping_until(dossier, {DossierState.READY}, seconds=45), replacement.log.read_text()
    assert_one_result(dossier)
    status = client.get(reverse("evidence:dossier_status", args=[dossier.public_id])).json()
    assert status["state"] == "ready" and status["download"]


def test_the_whole_worker_killed_mid_build_is_retried_by_a_new_worker_and_made_once(
    photo_case, start_worker, settings
):
    worker = start_worker()
    dossier = dossier_request(case=photo_case, variant="full", actor=photo_case.owner)
    building_in(dossier, worker)
    worker.kill_group()
    replacement = start_worker()
    assert sweeping_until(dossier, {DossierState.READY, DossierState.FAILED}, seconds=45), (
        replacement.log.read_text()
    )
    assert_one_result(dossier)
    assert dossier.attempts == 2
