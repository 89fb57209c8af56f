"""The one place evidence files are stored: the `evidence` alias of settings.STORAGES.

Local disk by default (under MEDIA_ROOT, never published under a URL); S3-compatible object
storage with WEIQUAN_STORAGE=s3 (docs/storage.md) is a change of that alias, not of code.

It also keeps the sentinel: a small object written at deploy time (`manage.py check_storage`)
whose presence /healthz checks, so a load balancer learns that storage is unreachable or
pointed at the wrong bucket without /healthz ever writing anything.

Reading goes through this module's doors, which behave alike on both backends:
- `open_stream(name)`: the file front to back in chunks. On S3 this is the object's own
  streaming body: django-storages' `open()` would first copy the whole object into memory
  or a temporary file before the first byte (a 500 MB video per download or verify);
- `read_head(name, size)`: only the first bytes (a ranged GET on S3), for what a file's
  header alone tells (a picture's size and orientation);
- `is_local()`: whether the files are on this host's disk (nginx can send them itself).
A storage that cannot be reached (S3 down, network gone) raises `StorageUnavailable`, never
a backend's own exception, so callers refuse an upload or retry a job without knowing boto.
"""

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty

STREAM_CHUNK = 1024 * 1024  # 1 MiB: what a download or a hash reads at a time
SENTINEL = "healthz/sentinel.txt"
SENTINEL_TEXT = b"weiquan storage sentinel: written by manage.py check_storage, read by /healthz\n"


class EvidenceStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["evidence"]


evidence_storage = EvidenceStorage()


def storage_sentinel_write() -> bool:
    """Write the sentinel unless it is there (evidence storage never overwrites a name), then
    read it back; True when it had to be written. Raises when storage cannot be reached."""
    created = not evidence_storage.exists(SENTINEL)
    if created:
        evidence_storage.save(SENTINEL, ContentFile(SENTINEL_TEXT))
    with evidence_storage.open(SENTINEL, "rb") as stored:
        if stored.read() != SENTINEL_TEXT:
            raise OSError(f"the storage sentinel {SENTINEL} does not hold what was written")
    return created


def storage_sentinel_exists() -> bool:
    """One HEAD (a stat on the local disk): the check /healthz makes."""
    return evidence_storage.exists(SENTINEL)


def _reset_on_storages_change(*, setting, **kwargs):
    if setting in {"STORAGES", "MEDIA_ROOT"}:
        evidence_storage._wrapped = empty  # type: ignore[assignment]


setting_changed.connect(_reset_on_storages_change)


class StorageUnavailable(Exception):
    """The storage could not be reached or refused to work: nothing was read or written.

    Not an OSError on purpose: code that treats an OSError as a broken file (a picture that
    cannot be decoded) must not mistake an outage for one."""


def _backend() -> object:
    if evidence_storage._wrapped is empty:
        evidence_storage._setup()
    return evidence_storage._wrapped


def _s3_backend():
    """The S3 storage behind the alias, or None. django-storages (and boto) is loaded only
    where the alias names it, so the local disk never imports it."""
    s3 = sys.modules.get("storages.backends.s3")
    backend = _backend()
    return backend if s3 is not None and isinstance(backend, s3.S3Storage) else None


def is_local() -> bool:
    """Whether the files are on this host's disk (then nginx may send them itself)."""
    return isinstance(_backend(), FileSystemStorage)


def _outage_types() -> tuple[type[BaseException], ...]:
    botocore = sys.modules.get("botocore.exceptions")
    if botocore is None:
        return ()
    return (botocore.BotoCoreError, botocore.ClientError)


def _missing(error: BaseException) -> bool:
    response = getattr(error, "response", None) or {}
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return status == 404 or response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}


@contextmanager
def outage_as_unavailable() -> Iterator[None]:
    """Turn the backend's network and server errors into StorageUnavailable (a missing
    object stays FileNotFoundError). Wraps every call that talks to the storage."""
    try:
        yield
    except _outage_types() as error:
        if _missing(error):
            raise FileNotFoundError(str(error)) from error
        raise StorageUnavailable(str(error)) from error


class _ObjectStream(io.RawIOBase):
    """An S3 object's body as a read-only file: each read fetches the next bytes off the
    connection, so memory stays at one chunk whatever the object's size."""

    def __init__(self, body, *, size: int):
        super().__init__()
        self._body = body
        self.size = size

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        """The next bytes straight off the connection (no copy through a buffer)."""
        with outage_as_unavailable():
            return self._body.read(None if size is None or size < 0 else size)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()


def _named(name: str | None) -> str:
    """A file field's name; an empty field names no file."""
    if not name:
        raise FileNotFoundError("no stored file")
    return name


def _get(name: str, **params):
    from storages.utils import clean_name  # type: ignore[import-untyped]  # loaded already: the alias is an S3Storage

    backend = _s3_backend()
    key = backend._normalize_name(clean_name(name))
    with outage_as_unavailable():
        return backend.bucket.Object(key).get(**params)


def open_stream(name: str | None) -> io.RawIOBase:
    """The stored file for reading front to back (a context manager; `.size` is its length).

    FileNotFoundError when it is gone, StorageUnavailable when the storage is down."""
    name = _named(name)
    if _s3_backend() is None:
        with outage_as_unavailable():
            stored = evidence_storage.open(name, "rb")
        return stored  # a local file: read straight off the disk
    answer = _get(name)
    return _ObjectStream(answer["Body"], size=answer["ContentLength"])


def read_head(name: str | None, size: int) -> bytes:
    """The first `size` bytes of the stored file (fewer if it is shorter)."""
    name = _named(name)
    if _s3_backend() is None:
        with outage_as_unavailable(), evidence_storage.open(name, "rb") as stored:
            return stored.read(size)
    body = _get(name, Range=f"bytes=0-{size - 1}")["Body"]
    with outage_as_unavailable():
        try:
            return body.read()
        finally:
            body.close()


def read_whole(name: str | None) -> bytes:
    """The stored file's bytes, read in one pass (for pictures, which are decoded whole)."""
    with open_stream(name) as stored:
        return stored.read()
