"""The storage sweep: stored objects and the rows that name them, compared both ways.

An upload stores its object before its row (so a row never points at nothing) and takes the
object back if the row is not saved; a crash or a storage outage at the wrong moment can
still leave an object with no row. A row whose object is gone is worse: evidence lost. Both
are found here, by listing storage through the storage API (local disk and S3 alike), and
reported by `manage.py sweep_storage`, which can delete old object orphans.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from .models import Dossier, Evidence, OrderScreenshot, RedactedCopy
from .storage import evidence_storage, outage_as_unavailable

# The folders rows name files in (models.evidence_upload_path, thumbnail_path, dossier_path,
# redacted_copy_path).
# Anything else in storage (the health sentinel) is not the sweep's business.
FOLDERS = ("evidence", "previews", "dossiers")
EVIDENCE_FILES = ("file", "thumbnail", "preview", "print_rendition")


@dataclass(frozen=True)
class StorageOrphans:
    rows_without_object: list[tuple[str, str]]  # (which row, the name it gives)
    objects_without_row: list[str]


def stored_names(folder: str) -> Iterator[str]:
    """Every object under `folder`, through the storage API."""
    try:
        with outage_as_unavailable():
            directories, files = evidence_storage.listdir(folder)
    except FileNotFoundError:  # the local disk has no such folder yet
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_names(f"{folder}/{directory}")


def referenced_names() -> dict[str, str]:
    """Every stored name a row gives, with which row gives it."""
    names: dict[str, str] = {}
    evidence = Evidence.objects.values_list("case__reference", "number", *EVIDENCE_FILES)
    for reference, number, *files in evidence.iterator(chunk_size=2000):
        for field, name in zip(EVIDENCE_FILES, files, strict=True):
            if name:
                names[name] = f"evidence {reference} #{number} {field}"
    dossiers = Dossier.objects.exclude(file="").values_list("case__reference", "public_id", "file")
    for reference, public_id, name in dossiers.iterator(chunk_size=2000):
        names[name] = f"dossier {reference} {public_id}"
    screenshots = OrderScreenshot.objects.values_list("public_id", "file")
    for public_id, name in screenshots.iterator(chunk_size=2000):
        names[name] = f"order screenshot for a new case {public_id}"
    copies = RedactedCopy.objects.values_list("evidence__case__reference", "public_id", "file")
    for reference, public_id, name in copies.iterator(chunk_size=2000):
        names[name] = f"redacted copy {reference} {public_id}"
    return names


def storage_orphans() -> StorageOrphans:
    """Rows whose object is missing, and objects no row names. Reads only."""
    referenced = referenced_names()
    stored = {name for folder in FOLDERS for name in stored_names(folder)}
    return StorageOrphans(
        rows_without_object=sorted(
            (row, name) for name, row in referenced.items() if name not in stored
        ),
        objects_without_row=sorted(stored - referenced.keys()),
    )


def orphan_objects_delete(
    *, names: list[str], older_than: timedelta, now: datetime | None = None
) -> list[str]:
    """Delete the object orphans stored more than `older_than` ago; returns those deleted.

    Younger ones may belong to an upload whose row is about to be committed. Each is checked
    again against the rows just before it goes."""
    cutoff = (now or timezone.now()) - older_than
    deleted = []
    for name in names:
        with outage_as_unavailable():
            if evidence_storage.get_modified_time(name) >= cutoff:
                continue
            if name in referenced_names_of([name]):
                continue
            evidence_storage.delete(name)
        deleted.append(name)
    return deleted


def referenced_names_of(names: list[str]) -> set[str]:
    """Which of these names a row gives now."""
    found: set[str] = set()
    for field in EVIDENCE_FILES:
        found.update(
            Evidence.objects.filter(**{f"{field}__in": names}).values_list(field, flat=True)
        )
    found.update(Dossier.objects.filter(file__in=names).values_list("file", flat=True))
    found.update(OrderScreenshot.objects.filter(file__in=names).values_list("file", flat=True))
    found.update(RedactedCopy.objects.filter(file__in=names).values_list("file", flat=True))
    return found
