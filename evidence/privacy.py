"""The evidence part of a person's data export and account deletion (see accounts.privacy)."""

import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import User
from accounts.privacy import DataExport, safe_file_name

from .models import CustodyAction, CustodyEntry, Dossier, DossierState, Evidence, OrderScreenshot
from .reading.shown import transcript_of
from .storage import evidence_storage, open_stream
from .vault import custody_record

logger = logging.getLogger(__name__)


def evidence_export(user: User, export: DataExport) -> None:
    """Every evidence file as stored (removed ones too) and every finished dossier PDF, each
    with the metadata and custody log that prove it unaltered.

    Taking the copy is a download of each file, so it goes into the custody log as one.
    """
    evidence = (
        Evidence.objects.filter(case__owner=user)
        .select_related("case", "transcript")
        .prefetch_related(Prefetch("custody", queryset=CustodyEntry.objects.order_by("at", "id")))
        .order_by("case__created_at", "case_id", "number")
    )
    copied = []
    for item in evidence:
        reference = item.case.reference
        path = f"cases/{reference}/evidence/{item.number}-{safe_file_name(item.original_name)}"
        stored_as = _copy(export, item.file.name, path, modified=item.uploaded_at, size=item.size)
        if stored_as:
            copied.append(item)
        export.case(reference).setdefault("evidence", []).append(_evidence(item, stored_as))
    dossiers = Dossier.objects.filter(case__owner=user).select_related("case")
    for dossier in dossiers.order_by("case__created_at", "case_id", "created_at", "id"):
        reference = dossier.case.reference
        stored_as = None
        if dossier.state == DossierState.READY and dossier.file:
            made = timezone.localtime(dossier.created_at)
            path = (
                f"cases/{reference}/dossiers/"
                f"{dossier.variant}-{made:%Y%m%d-%H%M}-{dossier.public_id.hex[:8]}.pdf"
            )
            stored_as = _copy(
                export, dossier.file.name, path, modified=dossier.finished_at, size=dossier.size
            )
        export.case(reference).setdefault("dossiers", []).append(_dossier(dossier, stored_as))
    with transaction.atomic():
        for item in copied:
            custody_record(
                evidence=item, action=CustodyAction.DOWNLOADED, actor=user, via="data_export"
            )


def evidence_erase(user: User) -> None:
    """Delete the person's evidence and dossier rows now, and their stored files (originals,
    thumbnails, previews, print renditions, PDFs) once the deletion commits.

    The custody log stays, keeping each entry's hash and evidence_uid (its link to the
    evidence is set to NULL).
    """
    evidence = Evidence.objects.filter(case__owner=user)
    dossiers = Dossier.objects.filter(case__owner=user)
    names = [
        name
        for row in evidence.values_list("file", "thumbnail", "preview", "print_rendition")
        for name in row
        if name
    ]
    names += [name for name in dossiers.values_list("file", flat=True) if name]
    # Order screenshots uploaded for a case never opened (evidence/prefill/).
    screenshots = OrderScreenshot.objects.filter(owner=user)
    names += [name for name in screenshots.values_list("file", flat=True) if name]
    evidence_ids = list(evidence.values_list("public_id", flat=True))
    evidence_ids += list(screenshots.values_list("stored_uid", flat=True))
    # The folders models.py stores files in, each under <id[:2]>/<id>…
    ids = {
        "evidence": evidence_ids,
        "previews": evidence_ids,
        "dossiers": list(dossiers.values_list("public_id", flat=True)),
    }
    dossiers.delete()
    evidence.delete()
    screenshots.delete()
    transaction.on_commit(lambda: _delete_stored(names, ids), robust=True)


def _copy(export: DataExport, name: str, path: str, **facts) -> str | None:
    """Copy a stored file into the export; None when storage no longer has it."""
    try:
        with open_stream(name) as stored:  # chunk by chunk, never whole in memory
            return export.add_file(path, stored, **facts)
    except FileNotFoundError:
        logger.warning("export: stored file %s is missing", name)
        return None


def _delete_stored(names: list[str], ids: dict[str, list]) -> None:
    """Delete the files the rows named, then anything else stored under the same ids (a
    rendition saved while its row was being deleted, a copy with a collision suffix)."""
    for name in names:
        _delete(name)
    for folder, public_ids in ids.items():
        by_bucket = defaultdict(list)
        for public_id in public_ids:
            by_bucket[f"{folder}/{public_id.hex[:2]}"].append(public_id.hex)
        for bucket, hexes in by_bucket.items():
            try:
                _folders, files = evidence_storage.listdir(bucket)
            except FileNotFoundError:
                continue
            for file_name in files:
                if file_name.startswith(tuple(hexes)):
                    _delete(f"{bucket}/{file_name}")


def _delete(name: str) -> None:
    try:
        evidence_storage.delete(name)
    except Exception:
        # The rows are gone already: say which file is left so it can be removed by hand.
        logger.exception("account deletion left stored file %s", name)


def _evidence(item: Evidence, stored_as: str | None) -> dict:
    return {
        "number": item.number,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "description": item.description,
        "captured_on": item.captured_on,
        "original_name": item.original_name,
        "content_type": item.content_type,
        "size": item.size,
        "sha256": item.sha256,
        "uploaded_at": item.uploaded_at,
        "removed_at": item.removed_at,
        "exif": item.exif,
        "has_gps": item.has_gps,
        "last_verified_at": item.last_verified_at,
        "last_verified_ok": item.last_verified_ok,
        "file": stored_as,
        "transcript": _transcript(item),
        "custody_log": [
            {
                "at": entry.at,
                "action": entry.action,
                "action_label": entry.get_action_display(),
                "sha256": entry.sha256,
                "details": entry.details,
            }
            for entry in item.custody.all()
        ],
    }


def _transcript(item: Evidence) -> dict | None:
    """The text read in a picture, as the evidence page shows it (the boxes stay out: they
    are the reader's working, not the person's data)."""
    transcript = transcript_of(item)
    if transcript is None:
        return None
    return {
        "state": transcript.state,
        "text": transcript.text,
        "engine": transcript.engine,
        "model": transcript.model,
        "read_at": transcript.read_at,
        "error": transcript.error,
    }


def _dossier(dossier: Dossier, stored_as: str | None) -> dict:
    return {
        "variant": dossier.variant,
        "variant_label": dossier.get_variant_display(),
        "state": dossier.state,
        "state_label": dossier.get_state_display(),
        "created_at": dossier.created_at,
        "finished_at": dossier.finished_at,
        "sha256": dossier.sha256,
        "size": dossier.size,
        "pages": dossier.pages,
        "evidence_hashes": dossier.evidence_hashes,
        "file": stored_as,
    }
