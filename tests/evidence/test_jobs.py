"""Dossier builds and renditions under leases: what the pages show, the 重试 button, the sweep."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.dossier_pipeline import dossier_build, dossier_request
from evidence.jobs import DOSSIER_JOBS, RENDITION_JOBS
from evidence.models import Dossier, DossierState, Evidence, RenditionsState
from evidence.renditions import renditions_make, thumbnail_state
from evidence.tasks import jobs_sweep_task
from tests.support import files
from tests.support.evidence import stored_files, upload
from tests.support.sections import section

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(minutes=10)


def dossier_in(case, state: str) -> Dossier:
    """A dossier as each state leaves it."""
    dossier = dossier_request(case=case, variant="full", actor=case.owner, queue=False)
    if state == "pending":
        return dossier
    if state == "ready":
        return dossier_build(dossier_id=dossier.pk)
    if state == "interrupted":  # its worker died: the lease ran out
        DOSSIER_JOBS.claim(dossier.pk, now=timezone.now() - LONG_AGO, progress="排版")
        return dossier
    DOSSIER_JOBS.claim(dossier.pk, progress="排版")
    if state == "failed":
        Dossier.objects.filter(pk=dossier.pk).update(state="failed", error="字体缺失")
    return dossier


# Every state a consumer can see, in Chinese; "failed" is the dossier's 生成失败, not the
# reminders' 发送失败.
SHOWN = {
    "pending": "排队中",
    "building": "生成中",
    "interrupted": "处理中断，正在重试",
    "ready": "下载",
    "failed": "生成失败",
}


@pytest.mark.parametrize("state", SHOWN)
def test_every_dossier_state_is_shown_in_chinese_on_the_page_and_in_the_status(
    consumer_client, case, state
):
    dossier = dossier_in(case, state)
    status = consumer_client.get(reverse("evidence:dossier_status", args=[dossier.public_id]))
    body = status.json()
    assert body["state"] == state
    page = consumer_client.get(section(case, "files")).content.decode()
    assert f'data-state="{state}"' in page
    assert SHOWN[state] in page
    if state != "ready":
        assert body["label"] == SHOWN[state]
    assert "发送失败" not in page and "Failed" not in page
    # a spinner only while a worker holds a live lease
    assert body["spinner"] == (state in {"pending", "building"})
    if state in {"interrupted", "failed", "ready"}:
        assert "spinner-border" not in page


def test_a_failed_dossier_shows_its_reason_and_the_retry_button_makes_it(
    consumer_client, case, django_capture_on_commit_callbacks
):
    dossier = dossier_in(case, "failed")
    page = consumer_client.get(section(case, "files")).content.decode()
    retry = reverse("evidence:dossier_retry", args=[dossier.public_id])
    assert "字体缺失" in page and f'action="{retry}"' in page and "重试" in page
    status = consumer_client.get(reverse("evidence:dossier_status", args=[dossier.public_id]))
    assert status.json()["retry"] == retry and status.json()["retry_label"] == "重试"
    # when the consumer presses it (the task runs inline here)
    assert consumer_client.get(retry).status_code == 405  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit
        response = consumer_client.post(retry)
    assert response.status_code == 302
    assert response.url == section(case, "files")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.READY and dossier.error == ""
    assert dossier.attempts == 1  # the count starts again
    # pressing it again does nothing: the dossier is no longer failed
    consumer_client.post(retry)
    assert Dossier.objects.get(pk=dossier.pk).sha256 == dossier.sha256


def test_another_consumers_retry_is_a_404(client, case, other_consumer):
    dossier = dossier_in(case, "failed")
    client.force_login(other_consumer)
    response = client.post(reverse("evidence:dossier_retry", args=[dossier.public_id]))
    assert response.status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.FAILED


def test_a_second_run_while_another_holds_the_lease_keeps_nothing(consumer_client, case, settings):
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    dossier = dossier_in(case, "interrupted")
    # another run took it over meanwhile
    other = DOSSIER_JOBS.claim(dossier.pk)
    assert other is not None
    assert dossier_build(dossier_id=dossier.pk).state == DossierState.BUILDING  # a no-op
    assert stored_files("dossiers/") == []


def test_a_rerun_after_a_death_before_commit_leaves_one_pdf(consumer_client, case, settings):
    """A worker killed after writing the PDF but before its commit leaves a file: the next
    holder of the lease replaces it instead of keeping two."""
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    dossier = dossier_in(case, "pending")
    first = dossier_build(dossier_id=dossier.pk)
    Dossier.objects.filter(pk=dossier.pk).update(state="pending", file="")  # as if not committed
    again = dossier_build(dossier_id=dossier.pk)
    pdfs = stored_files("dossiers/")
    assert again.file.name == first.file.name and len(pdfs) == 1


def test_the_beat_sweep_takes_back_an_abandoned_build_and_makes_it(consumer_client, case):
    dossier = dossier_in(case, "interrupted")
    result = jobs_sweep_task.delay().get()  # retried after a minute: not yet
    assert result["dossiers"] == {"retried": 1, "failed": 0, "queued": 0}
    Dossier.objects.filter(pk=dossier.pk).update(next_attempt_at=timezone.now())
    assert jobs_sweep_task.delay().get()["dossiers"]["queued"] == 1  # built inline here
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.READY


def test_beat_runs_the_sweep_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-job-leases"]
    assert entry == {"task": "evidence.tasks.jobs_sweep_task", "schedule": 60.0}


# --- renditions -------------------------------------------------------------------------


def test_renditions_are_made_once_under_the_lease(consumer_client, case):
    upload(consumer_client, case, ("订单.jpg", files.jpeg()), renditions=False)
    evidence = case.evidence.get()
    assert evidence.renditions_state == RenditionsState.PENDING
    assert renditions_make(evidence_id=evidence.pk) == "ready"
    evidence.refresh_from_db()
    assert evidence.renditions_state == RenditionsState.DONE and evidence.attempts == 1
    renditions_make(evidence_id=evidence.pk)  # the task, run again: a no-op
    assert Evidence.objects.get(pk=evidence.pk).attempts == 1


def test_renditions_whose_worker_kept_dying_show_the_icon_not_the_placeholder(
    consumer_client, case, settings
):
    upload(consumer_client, case, ("订单.jpg", files.jpeg()), renditions=False)
    evidence = case.evidence.get()
    assert thumbnail_state(evidence) == "pending"
    for _ in range(settings.WEIQUAN_JOB_MAX_ATTEMPTS):
        RENDITION_JOBS.claim(evidence.pk, now=timezone.now() - LONG_AGO)
        RENDITION_JOBS.sweep(queue=lambda pk: None, gave_up=lambda n: f"tried {n}")
    evidence.refresh_from_db()
    assert evidence.renditions_state == RenditionsState.FAILED
    assert thumbnail_state(evidence) == "none"
    assert "预览生成中" not in consumer_client.get(section(case, "evidence")).content.decode()
