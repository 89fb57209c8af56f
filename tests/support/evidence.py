"""Evidence helpers for tests: upload as the browser form does, and look at what was stored."""

import subprocess
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from evidence.models import Evidence


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


def stored_files(media_root: Path) -> list[Path]:
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def sha256sum(path: Path) -> str:
    """The hash as the coreutils tool computes it, not as our code does."""
    return subprocess.run(
        ["sha256sum", str(path)], check=True, capture_output=True, text=True
    ).stdout.split()[0]


def stored_path(evidence: Evidence) -> Path:
    return Path(evidence.file.path)
