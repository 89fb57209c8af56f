"""The worker and its broker, with real processes: a `celery worker --concurrency=2`
subprocess over a private redis-server that keeps its data (append-only file, as in
docker-compose.yml), a scratch database migrated for the occasion (a SQLite file, or a
database on the PostgreSQL server the suite runs on: tests/support/database.py).

Redis is stopped while a reminder is being sent (it takes seconds: the test mail server is
slow); the worker must still be there afterwards, and it and the reminders and dossier
queued next done exactly once. Before weiquan.broker the worker exited at once ("Unrecoverable
error: AttributeError(... 'hostname')", kombu/transport/redis.py).

The outage lasts 20 s, as the outage the bug was found with; the crash came within
milliseconds of the connection loss, so a shorter one would show it too, but 20 s also spans
several of the consumer's reconnect attempts. The first test takes about 40 s.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from celery import Celery

from tests.support.database import ScratchDatabase
from tests.support.redis import free_port

ROOT = Path(__file__).resolve().parents[2]
REMINDERS = 4
OUTAGE_SECONDS = 20

SETUP = """
import io
from datetime import datetime, timedelta
from django.utils import timezone
from cases.models import Reminder
from demo.photos import sample_photo
from evidence import integrity, vault
from evidence.dossier_pipeline import dossier_request
from tests.factories import CaseFactory, UserFactory

owner = UserFactory(email="wang@example.cn")
owner.quiet_hours_start = owner.quiet_hours_end = timezone.localtime().time().replace(
    second=0, microsecond=0
)  # quiet hours that never apply
owner.save()
case = CaseFactory(owner=owner)
for number in range(3):
    data = sample_photo(title=f"订单截图 {number}", lines=["退款未到账"],
                        taken_at=datetime(2026, 11, 1, 10, number))
    received = integrity.receive_stream(io.BytesIO(data), f"order-{number}.jpg")
    vault.evidence_add(case=case, received=received, kind="order_screenshot", actor=owner)
    received.close()
for number in range(%(reminders)d):
    Reminder.objects.create(case=case, kind="manual", message=f"提醒 {number}",
                            due_at=timezone.now() - timedelta(minutes=1), channels=["email"])
dossier_request(case=case, variant="full", actor=None, queue=False)
"""


def environment(folder: Path, redis_port: int) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {
        **keep,
        "DATABASE_URL": (folder / "database_url").read_text(),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DJANGO_EMAIL_BACKEND": "tests.support.mail.SlowFileBackend",
        "DJANGO_EMAIL_FILE_PATH": str(folder / "mail"),
        "WEIQUAN_TEST_MAIL_DELAY": "3",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Iterator[Path]:
    """A migrated database with one case: three photos, a pending dossier, due reminders.
    Made once (about 10 s) and copied for each test. No broker answers here, so the photos'
    renditions are made in place."""
    folder = tmp_path_factory.mktemp("prepared")
    database = ScratchDatabase.create(folder)
    (folder / "database_url").write_text(database.url)
    env = environment(folder, free_port())
    manage = [str(ROOT / ".venv/bin/python"), "manage.py"]
    setup = ["shell", "-c", SETUP % {"reminders": REMINDERS}]
    try:
        for command in (["migrate", "-v0"], ["load_directory"], setup):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
        yield folder
    finally:
        database.drop()


@pytest.fixture
def scratch(prepared, tmp_path) -> Iterator[Path]:
    database = database_in(prepared).copy(tmp_path)
    (tmp_path / "database_url").write_text(database.url)
    shutil.copytree(prepared / "media", tmp_path / "media")
    yield tmp_path
    database.drop()


def database_in(folder: Path) -> ScratchDatabase:
    return ScratchDatabase.at((folder / "database_url").read_text())


@contextmanager
def started(command: list[str], log: Path, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """A process in a session of its own; killed with everything in it afterwards."""
    with log.open("a") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        yield process
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def redis(port: int, folder: Path) -> Iterator[subprocess.Popen]:
    """redis-server on `port`, keeping its data in `folder` across restarts (append-only)."""
    command = [shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1",
               "--port", str(port), "--appendonly", "yes", "--save", "",
               "--dir", str(folder)]  # fmt: skip
    with started(command, folder / "redis.log", os.environ.copy()) as process:
        wait_for(lambda: answers(port), 10, "redis-server did not start")
        yield process
        process.terminate()  # a clean stop, as `docker compose stop redis` does
        process.wait(timeout=10)


def answers(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(condition, seconds: float, message) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message() if callable(message) else message
        time.sleep(0.2)


def worker(folder: Path, port: int):
    """The worker as the Procfile and docker-compose.yml start it."""
    command = [str(ROOT / ".venv/bin/celery"), "-A", "weiquan", "worker", "--concurrency=2",
               "--loglevel=INFO"]  # fmt: skip
    return started(command, folder / "worker.log", environment(folder, port))


def queue(port: int, reminder_ids: list[int], dossier_id: int | None = None) -> None:
    """Queue the work by name, as the web process and beat do."""
    app = Celery("probe", broker=f"redis://127.0.0.1:{port}/0")
    with app.connection_for_write() as connection:
        for reminder_id in reminder_ids:
            app.send_task("cases.tasks.reminder_send", args=[reminder_id], connection=connection)
        if dossier_id is not None:
            app.send_task(
                "evidence.tasks.dossier_build_task", args=[dossier_id], connection=connection
            )


def rows(folder: Path, sql: str) -> list[tuple]:
    return database_in(folder).rows(sql)


def reminder_states(folder: Path) -> dict[int, str]:
    """The due reminders made above (the case's own deadline reminders are not due)."""
    return dict(rows(folder, "SELECT id, state FROM cases_reminder WHERE kind = 'manual'"))


def dossier_states(folder: Path) -> list[str]:
    return [state for (state,) in rows(folder, "SELECT state FROM evidence_dossier")]


def all_done(folder: Path) -> bool:
    states = reminder_states(folder)
    return set(states.values()) == {"sent"} and dossier_states(folder) == ["ready"]


def assert_each_done_once(folder: Path) -> None:
    """One email per reminder, one dossier, each photo put in it once."""
    subjects = [
        line
        for mail in (folder / "mail").iterdir()
        for line in mail.read_text(errors="replace").splitlines()
        if line.startswith("Subject:")
    ]
    assert len(subjects) == REMINDERS and len(set(subjects)) == REMINDERS, subjects
    assert dossier_states(folder) == ["ready"]
    included = rows(
        folder,
        "SELECT evidence_id, COUNT(*) FROM evidence_custodyentry"
        " WHERE action = 'included_in_dossier' GROUP BY evidence_id",
    )
    assert [count for _, count in included] == [1, 1, 1], included


def worker_log(folder: Path) -> str:
    return (folder / "worker.log").read_text()


def both_pool_processes_warm(folder: Path) -> bool:
    log = worker_log(folder)
    return log.count("dossier renderer warmed up") == 2 and log.count("OCR engine warmed up") == 2


def test_a_worker_keeps_working_through_a_redis_outage_in_the_middle_of_a_task(scratch):
    # given a worker sending a reminder (slowly), its other process waiting for work: the
    # case that crashed (the consumer is reading from Redis while a message is unacked)
    port = free_port()
    first, *others = sorted(reminder_states(scratch))
    with redis(port, scratch) as broker, worker(scratch, port) as celery:
        # (both pool processes warmed up, the dossier renderer and the OCR engine each: a
        # message handed to a process still starting is dropped with the connection and
        # returns only after the visibility timeout)
        wait_for(lambda: both_pool_processes_warm(scratch), 60, lambda: worker_log(scratch))
        queue(port, [first])
        wait_for(
            lambda: reminder_states(scratch)[first] == "sending", 15, lambda: worker_log(scratch)
        )

        # when Redis stops while it is being sent, for 20 s
        broker.terminate()
        broker.wait(timeout=10)
        time.sleep(OUTAGE_SECONDS)
        assert celery.poll() is None, worker_log(scratch)[-4000:]
        assert "Restoring 1 unacknowledged message(s)" in worker_log(scratch)

        with redis(port, scratch):
            # then the same worker finishes it, reconnects, and does the work queued next
            queue(port, others, dossier_id=1)
            wait_for(lambda: all_done(scratch), 60, lambda: worker_log(scratch)[-4000:])
            assert celery.poll() is None
            assert "Unrecoverable error" not in worker_log(scratch)
    assert_each_done_once(scratch)


def test_a_worker_started_while_redis_is_down_connects_when_it_returns(scratch):
    # given work queued in Redis, and Redis then stopped
    port = free_port()
    with redis(port, scratch):
        queue(port, sorted(reminder_states(scratch)), dossier_id=1)

    # when a worker starts while Redis is down, and Redis comes back some seconds later
    with worker(scratch, port) as celery:
        wait_for(lambda: "Cannot connect" in worker_log(scratch), 30, lambda: worker_log(scratch))
        assert celery.poll() is None
        with redis(port, scratch):
            # then the worker connects and does the queued work, each piece once
            wait_for(lambda: all_done(scratch), 60, lambda: worker_log(scratch)[-4000:])
            assert celery.poll() is None
    assert_each_done_once(scratch)
