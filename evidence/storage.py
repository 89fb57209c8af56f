"""The one place evidence files are stored: the `evidence` alias of settings.STORAGES.

Local disk by default (under MEDIA_ROOT, never published under a URL); S3-compatible object
storage with WEIQUAN_STORAGE=s3 (docs/storage.md) is a change of that alias, not of code.

It also keeps the sentinel: a small object written at deploy time (`manage.py check_storage`)
whose presence /healthz checks, so a load balancer learns that storage is unreachable or
pointed at the wrong bucket without /healthz ever writing anything.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty

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
        evidence_storage._wrapped = empty


setting_changed.connect(_reset_on_storages_change)
