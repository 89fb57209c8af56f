"""`manage.py sweep_storage`: rows without their object and objects without a row, found
through the storage API on the local disk and on SeaweedFS; old object orphans deleted on
request, young ones (an upload in flight) kept."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from evidence.storage import SENTINEL, evidence_storage
from evidence.storage_sweep import orphan_objects_delete, storage_orphans
from tests.support import files
from tests.support.evidence import upload

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["local", "s3"])
def storage(request):
    if request.param == "s3":
        request.getfixturevalue("s3_storage")
    return request.param


def _sweep(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("sweep_storage", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_clean_storage_has_no_orphans(storage, consumer_client, case):
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    evidence_storage.save(SENTINEL, ContentFile(b"sentinel"))  # not the sweep's business
    out, _err = _sweep()
    assert "0 rows without an object, 0 objects without a row, 0 deleted." in out


def test_orphans_both_ways_are_reported_and_a_missing_object_fails(storage, consumer_client, case):
    upload(consumer_client, case, ("订单.jpg", files.jpeg()), ("发票.pdf", files.pdf()))
    photo, document = case.evidence.order_by("number")
    evidence_storage.delete(document.file.name)  # evidence lost
    orphan = evidence_storage.save("evidence/ab/abandoned-upload", ContentFile(b"half"))
    orphans = storage_orphans()
    assert orphans.objects_without_row == [orphan]
    assert orphans.rows_without_object == [
        (f"evidence {case.reference} #{document.number} file", document.file.name)
    ]
    with pytest.raises(CommandError, match="1 rows without an object, 1 objects without a row"):
        _sweep()
    assert evidence_storage.exists(photo.thumbnail.name)  # reporting deletes nothing
    assert evidence_storage.exists(orphan)


def test_only_old_object_orphans_are_deleted(storage, consumer_client, case):
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    evidence = case.evidence.get()
    orphan = evidence_storage.save("previews/cd/left-behind-thumb.jpg", ContentFile(b"x"))
    # a young orphan (an upload whose row is not committed yet) is kept
    out, _err = _sweep("--delete-older-than", "1")
    assert f"ORPHAN OBJECT {orphan}" in out and "DELETED" not in out
    assert evidence_storage.exists(orphan)
    # two hours later it goes; what a row names never does
    later = timezone.now() + timedelta(hours=2)
    names = [orphan, evidence.file.name]
    assert orphan_objects_delete(names=names, older_than=timedelta(hours=1), now=later) == [orphan]
    assert not evidence_storage.exists(orphan)
    assert evidence_storage.exists(evidence.file.name)
    assert storage_orphans().objects_without_row == []


def test_deleting_needs_at_least_an_hour(storage):
    with pytest.raises(CommandError, match="at least 1 hour"):
        _sweep("--delete-older-than", "0.1")
