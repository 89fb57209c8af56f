"""Evidence helpers for tests: upload as the browser form does, and look at what was stored."""

import subprocess

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from evidence.storage import evidence_storage
from tests.support.storage import stored_names


def upload(client, case, *named_files, kind="order_screenshot", renditions=True, **extra):
    """POST files to the case's upload URL the way the browser form does.

    Then, as in production once the upload commits, the task queued on commit makes the
    thumbnails, posters and print renditions (inline here); `renditions=False` leaves them
    unmade, as they are while a worker has not got to them yet."""
    payload = {"kind": kind, "description": "", "captured_on": "", **extra}
    payload["files"] = [
        SimpleUploadedFile(name, data, content_type="application/octet-stream")
        for name, data in named_files
    ]
    with TestCase.captureOnCommitCallbacks(execute=renditions):
        return client.post(reverse("evidence_upload", args=[case.reference]), payload)


def stored_files(folder: str = "") -> list[str]:
    """The names of the files in evidence storage under `folder` (e.g. "evidence/"), read
    through the storage API, so the same check holds on the local disk and on S3."""
    return sorted(stored_names(folder))


def stored_bytes(name: str) -> bytes:
    with evidence_storage.open(name, "rb") as stored:
        return stored.read()


def sha256sum(name: str) -> str:
    """The hash of a stored file as the coreutils tool computes it, not as our code does."""
    return (
        subprocess.run(
            ["sha256sum", "-"], input=stored_bytes(name), check=True, capture_output=True
        )
        .stdout.split()[0]
        .decode()
    )


def tamper(name: str, data: bytes) -> None:
    """Someone with access to the storage replaces a stored file's content under its name."""
    evidence_storage.delete(name)
    assert evidence_storage.save(name, ContentFile(data)) == name
