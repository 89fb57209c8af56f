"""The one place evidence files are stored: the `evidence` alias of settings.STORAGES.

Local disk by default (under MEDIA_ROOT, never published under a URL); S3-compatible object
storage is a change of that alias, not of code.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class EvidenceStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["evidence"]


evidence_storage = EvidenceStorage()


def _reset_on_storages_change(*, setting, **kwargs):
    if setting in {"STORAGES", "MEDIA_ROOT"}:
        evidence_storage._wrapped = empty


setting_changed.connect(_reset_on_storages_change)
