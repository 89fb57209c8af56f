"""WEIQUAN_STORAGE=s3: the switch, its start-up checks, and what the bucket then promises
(checked against a real SeaweedFS): nothing overwritten, nothing public, no long-lived URL,
no large object held in memory."""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.base import ContentFile

from evidence.storage import evidence_storage
from tests.support.evidence import stored_bytes

ROOT = Path(__file__).resolve().parents[2]
PRINT_STORAGES = (
    "import django; django.setup(); from django.conf import settings as s; "
    "from evidence.storage import evidence_storage as e; "
    "print(s.STORAGES['evidence']['BACKEND'], s.STORAGES['default']['BACKEND'], "
    "type(e._wrapped if e._wrapped is not None else e).__name__, "
    "e.bucket_name, e.location, e.file_overwrite, e.default_acl, e.querystring_expire, "
    "e.max_memory_size, e.addressing_style, e.endpoint_url)"
)
S3 = {
    "WEIQUAN_STORAGE": "s3",
    "WEIQUAN_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
    "WEIQUAN_S3_BUCKET": "weiquan-evidence",
    "WEIQUAN_S3_ACCESS_KEY_ID": "key",
    "WEIQUAN_S3_SECRET_ACCESS_KEY": "secret",
}


PRINT_BACKENDS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.STORAGES['evidence']['BACKEND'], s.STORAGES['default']['BACKEND'], s.MEDIA_ROOT)"
)


def settings_with(env: dict, code: str = PRINT_STORAGES) -> subprocess.CompletedProcess:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WEIQUAN_", "AWS_"))
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "weiquan.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_local_disk_is_the_default():
    result = settings_with({"DJANGO_MEDIA_ROOT": "/srv/media"}, PRINT_BACKENDS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        "django.core.files.storage.FileSystemStorage",
        "/srv/media",
    ]


def test_s3_is_every_stored_file_with_safe_options():
    result = settings_with({**S3, "WEIQUAN_S3_LOCATION": "/production/"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "storages.backends.s3.S3Storage",
        "S3Storage",
        "weiquan-evidence",
        "production",
        "False",  # never overwrite
        "None",  # no ACL: private
        "60",  # a signed URL lives a minute
        str(8 * 1024 * 1024),  # larger objects spill to disk
        "path",
        "http://127.0.0.1:8333",
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"WEIQUAN_STORAGE": "s3"},
            "WEIQUAN_STORAGE=s3 needs WEIQUAN_S3_BUCKET, WEIQUAN_S3_ACCESS_KEY_ID, "
            "WEIQUAN_S3_SECRET_ACCESS_KEY",
        ),
        ({**S3, "WEIQUAN_S3_SECRET_ACCESS_KEY": " "}, "needs WEIQUAN_S3_SECRET_ACCESS_KEY"),
        ({**S3, "WEIQUAN_S3_ADDRESSING_STYLE": "dns"}, "must be 'path' or 'virtual', not 'dns'"),
        ({"WEIQUAN_STORAGE": "nfs"}, "WEIQUAN_STORAGE must be 'local' or 's3', not 'nfs'"),
    ],
)
def test_an_incomplete_s3_configuration_refuses_to_start_saying_what_is_missing(env, message):
    result = settings_with(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


# --- against SeaweedFS -----------------------------------------------------------------


def test_a_taken_name_is_never_overwritten(s3_storage):
    first = evidence_storage.save("evidence/ab/same", ContentFile(b"first"))
    second = evidence_storage.save("evidence/ab/same", ContentFile(b"second"))
    assert first == "evidence/ab/same" and second != first
    assert stored_bytes(first) == b"first" and stored_bytes(second) == b"second"


def test_objects_are_private_and_signed_urls_short_lived(s3_storage, s3_server):
    name = evidence_storage.save("evidence/cd/private", ContentFile(b"evidence"))
    plain = f"{s3_server.endpoint_url}/{s3_server.bucket}/{s3_storage}/{name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(plain, timeout=5)
    assert refused.value.code == 403
    signed = evidence_storage.url(name)
    assert parse_qs(urlparse(signed).query)["X-Amz-Expires"] == ["60"]
    with urllib.request.urlopen(signed, timeout=5) as response:
        assert response.read() == b"evidence"


def test_a_large_object_opened_spills_to_a_temporary_file(s3_storage):
    big = os.urandom(9 * 1024 * 1024)
    name = evidence_storage.save("evidence/ef/video", ContentFile(big))
    with evidence_storage.open(name, "rb") as stored:
        assert stored.read(4) == big[:4]
        assert stored.file._rolled  # on disk, not in memory
    small = evidence_storage.save("evidence/ef/photo", ContentFile(b"x" * 1024))
    with evidence_storage.open(small, "rb") as stored:
        assert stored.read() == b"x" * 1024
        assert not stored.file._rolled
