"""Storage faults: an S3 server that stops in the middle of the work. An upload is refused
with a clear message and nothing half-saved; a download answers 503; a dossier build is
handed back to be retried, and after its attempts fails with the reason. A server of the
test's own (not the session's), stopped for real."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from evidence.dossier_pipeline import dossier_build, dossier_request
from evidence.jobs import dossier_shown, jobs_sweep
from evidence.models import CustodyEntry, Dossier
from tests.support import files
from tests.support.evidence import upload
from tests.support.redis import free_port
from tests.support.s3 import S3Server, seaweedfs, use_s3

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_when_s3_stops_uploads_are_refused_and_dossiers_retried_then_failed(
    consumer_client, case, settings, tmp_path
):
    settings.WEIQUAN_JOB_MAX_ATTEMPTS = 2
    with seaweedfs(tmp_path) as server:
        use_s3(settings, server, "faults")
        kept = upload(consumer_client, case, ("订单.jpg", files.jpeg()))
        assert kept.status_code == 302 and case.evidence.count() == 1
        stored = server.keys("faults/")
        evidence = case.evidence.get()
        dossier = dossier_request(case=case, variant="full", actor=case.owner, queue=False)
    # the server is stopped now: its port answers nothing

    # an upload is refused, beside the file's name, in Chinese, and nothing is kept
    refused = upload(consumer_client, case, ("发票.pdf", files.pdf()))
    assert refused.status_code == 302
    assert any(
        "未保存：发票.pdf" in message and "证据库暂时无法连接" in message
        for message in _messages(refused)
    )
    assert case.evidence.count() == 1
    assert CustodyEntry.objects.filter(action="uploaded").count() == 1

    # a download says the store is unreachable, and does not crash
    download = consumer_client.get(reverse("evidence:download", args=[evidence.public_id]))
    assert download.status_code == 503 and download["Retry-After"] == "60"
    assert "证据库暂时无法连接" in download.content.decode()

    # a dossier build is handed back to be tried again, shown as "retrying"
    built = dossier_build(dossier_id=dossier.pk)
    assert built.state == "pending" and built.attempts == 1
    assert built.next_attempt_at > timezone.now()
    assert dossier_shown(built).state == "interrupted"
    assert not built.file
    # the sweep queues it when due; the second attempt is the last one: failed, with why
    Dossier.objects.filter(pk=dossier.pk).update(next_attempt_at=timezone.now())
    queued = jobs_sweep(now=timezone.now() + timedelta(seconds=1))["dossiers"].queued
    assert dossier.pk in queued
    built.refresh_from_db()
    assert built.state == "failed" and built.attempts == 2
    assert "无法连接证据库" in built.error and "2" in built.error
    assert dossier_shown(built).error == built.error
    # nothing of the failed builds was left in storage: what the server held is all there is
    assert stored and all(name.startswith("faults/") for name in stored)


def test_an_unreachable_endpoint_refuses_the_upload_without_a_row(
    consumer_client, case, settings, s3_server
):
    closed = S3Server(
        endpoint_url=f"http://127.0.0.1:{free_port()}",
        access_key=s3_server.access_key,
        secret_key=s3_server.secret_key,
        bucket=s3_server.bucket,
        pid=0,
    )
    use_s3(settings, closed, "")
    response = upload(consumer_client, case, ("订单.jpg", files.jpeg()), ("发票.pdf", files.pdf()))
    assert response.status_code == 302
    refusals = [message for message in _messages(response) if "证据库暂时无法连接" in message]
    assert len(refusals) == 2  # each file, by name
    assert case.evidence.count() == 0 and CustodyEntry.objects.count() == 0
