"""Two hosts that share no disk, only the database, Redis and S3 (as docker-compose.yml runs
web and worker): the web process (this test) stores evidence in a real SeaweedFS; a Celery
worker in another process, with its own empty MEDIA_ROOT, makes the renditions and builds the
dossier from S3 alone, and the PDF lands in S3, downloadable from the web process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from evidence.dossier_pipeline import dossier_request
from evidence.models import Dossier, DossierState
from tests.factories import CaseFactory, UserFactory
from tests.support import files
from tests.support.evidence import stored_bytes, upload
from tests.support.s3 import storage_environ
from tests.support.waiting import wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shopping_platforms"),
]
ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database, for a process of its own, on either engine."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def other_host(redis_url, settings, s3_storage, tmp_path):
    """`celery worker` on "another host": same database, broker and bucket, its own empty
    MEDIA_ROOT. Yields that MEDIA_ROOT."""
    media_root = tmp_path / "worker-host-media"
    media_root.mkdir()
    log = tmp_path / "worker.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("WEIQUAN_S3_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "weiquan.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        **storage_environ(settings),
        "DJANGO_MEDIA_ROOT": str(media_root),
    }
    assert env["WEIQUAN_STORAGE"] == "s3"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "weiquan", "worker", "--pool", "solo",
         "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel", "INFO"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("a"),
        start_new_session=True,
    )  # fmt: skip
    try:
        yield media_root, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_a_worker_with_its_own_empty_disk_builds_the_dossier_from_s3(
    client, settings, s3_storage, s3_server, other_host
):
    media_root, log = other_host
    owner = UserFactory()
    case = CaseFactory(owner=owner)
    client.force_login(owner)
    # given evidence the web process stored in S3 (the worker makes its renditions)
    photos = [("订单截图.jpg", files.jpeg(title="订单截图")), ("商品.png", files.png())]
    assert upload(client, case, *photos, kind="product_photo").status_code == 302
    evidence_keys = [f"{s3_storage}/{e.file.name}" for e in case.evidence.all()]
    assert set(evidence_keys) <= set(s3_server.keys(s3_storage))
    # when the dossier is asked for, and the worker on the other host builds it
    dossier = dossier_request(case=case, variant="full", actor=owner)
    built = wait_for(
        lambda: Dossier.objects.get(pk=dossier.pk).state in {DossierState.READY, "failed"},
        seconds=120,
    )
    dossier.refresh_from_db()
    assert built and dossier.state == DossierState.READY, (dossier.error, log.read_text()[-3000:])
    # then the PDF is in S3, the web process serves it, and the worker's disk stayed empty
    assert f"{s3_storage}/{dossier.file.name}" in s3_server.keys(s3_storage)
    pdf = stored_bytes(dossier.file.name)
    assert pdf.startswith(b"%PDF")
    download = client.get(reverse("evidence:dossier_download", args=[dossier.public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    assert not [path for path in media_root.rglob("*")]  # no file, not even a folder
    assert not Path(settings.MEDIA_ROOT).exists()  # nor did the web process use its disk
    thumbnails = [e.thumbnail.name for e in case.evidence.all()]
    assert all(thumbnails), "the worker made the renditions from S3 too"
