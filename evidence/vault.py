"""The vault: everything that writes evidence and its custody log.

Files come in checked (integrity), are kept with their hash, and leave a custody entry for
every upload, view, download, verification and removal. The services that change which
evidence a case has also refresh the case's evidence completeness, explicitly.
"""

import logging
from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Case
from cases.news import case_news

from . import integrity, renditions
from .checklist import checklist_for
from .kinds import guess_kind
from .models import (
    CustodyAction,
    CustodyEntry,
    Evidence,
    EvidenceKind,
    OrderScreenshot,
    ScreenshotState,
    Transcript,
    TranscriptState,
)
from .reading import transcripts
from .storage import StorageUnavailable, evidence_storage, open_stream, outage_as_unavailable

logger = logging.getLogger(__name__)


def custody_record(
    *, evidence: Evidence, action: CustodyAction | str, actor: User | None = None, **details
) -> CustodyEntry:
    """Append to the custody log; the only writer of CustodyEntry.

    Copies the evidence's hash and public id, which outlive the evidence when the account
    is deleted."""
    return CustodyEntry.objects.create(
        evidence=evidence,
        evidence_uid=evidence.public_id,
        sha256=evidence.sha256,
        action=action,
        actor=actor,
        details=details,
    )


def evidence_add(
    *,
    case: Case,
    received: integrity.ReceivedFile,
    kind: EvidenceKind | str | None,
    actor: User | None,
    description: str = "",
    captured_on: date | None = None,
) -> Evidence:
    """Check a received file's content and keep it in the vault with its hash and EXIF.

    Raises RefusedFile for broken, booby-trapped or duplicate files; then nothing is stored.
    Once committed, its thumbnail, poster and print rendition are queued (renditions).
    Without a kind (the consumer left 自动识别), the kind is guessed from the file (kinds.py).
    """
    path = received.temporary_file_path()
    integrity.check_content(path, received.file_type)
    duplicate = (
        Evidence.objects.filter(case=case, sha256=received.sha256, removed_at__isnull=True)
        .values_list("number", flat=True)
        .first()
    )
    if duplicate is not None:
        raise integrity.RefusedFile(
            _("This file is already in the case as evidence %(number)s.") % {"number": duplicate},
            "duplicate",
        )
    exif = integrity.read_exif(path) if received.file_type.category == "image" else {}
    if not kind:
        kind = _guessed_kind(case=case, received=received, exif=exif)
    evidence = Evidence(
        case=case,
        kind=kind,
        description=description,
        captured_on=captured_on,
        original_name=received.name,
        content_type=received.file_type.mime,
        size=received.size,
        sha256=received.sha256,
        exif=exif,
        has_gps=bool(exif.get("has_gps")),
        uploaded_by=actor,
    )
    stored_name = _store(evidence.file.field.generate_filename(evidence, received.name), received)
    try:
        evidence.file.name = stored_name
        _keep(evidence, actor=actor)
    except IntegrityError:
        _unstore(stored_name)
        raise integrity.RefusedFile(_("This file is already in the case."), "duplicate") from None
    except BaseException:
        _unstore(stored_name)
        raise
    return evidence


@transaction.atomic
def _keep(evidence: Evidence, *, actor: User | None, read: dict | None = None, **details) -> None:
    """The row of a file already in storage: its number, its custody entry "uploaded", the
    case's activity and completeness, and the renditions and reading queued on commit (or,
    for a picture read already, `read`: its transcript's fields, kept rather than read twice)."""
    case = evidence.case
    # Lock the case row so two uploads at once do not take the same number.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    last = case.evidence.aggregate(last=Max("number"))["last"] or 0
    evidence.number = last + 1
    evidence.save()
    custody_record(
        evidence=evidence,
        action=CustodyAction.UPLOADED,
        actor=actor,
        size=evidence.size,
        content_type=evidence.content_type,
        **details,
    )
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
    case_evidence_percent_refresh(case=case)
    case_news(case=case, what="evidence", actor=actor)
    if evidence.category in renditions.DRAWN:
        # robust: whatever happens to the renditions, the upload is already kept
        transaction.on_commit(lambda: renditions.renditions_queue(evidence.pk), robust=True)
    if read is not None:
        Transcript.objects.create(evidence=evidence, state=TranscriptState.DONE, **read)
    elif transcripts.readable(evidence):
        transaction.on_commit(lambda: transcripts.transcript_queue(evidence.pk), robust=True)


@transaction.atomic
def evidence_adopt_screenshot(
    *, case: Case, screenshot: OrderScreenshot, actor: User | None
) -> Evidence:
    """Keep the order screenshot uploaded on /cases/new/ as the new case's evidence.

    The file already in storage is adopted as it is, under the name it was stored with (no
    second upload; its SHA-256 was taken as its bytes arrived and checked like any upload's);
    the custody log records it as uploaded, when it was; what OCR read of it becomes its
    transcript, not read twice. The pending row goes (evidence/prefill/)."""
    evidence = Evidence(
        case=case,
        public_id=screenshot.stored_uid,
        kind=EvidenceKind.ORDER_SCREENSHOT,
        original_name=screenshot.original_name,
        content_type=screenshot.content_type,
        size=screenshot.size,
        sha256=screenshot.sha256,
        exif=screenshot.exif,
        has_gps=bool(screenshot.exif.get("has_gps")),
        uploaded_by=actor,
    )
    evidence.file.name = screenshot.file.name
    read = None
    if screenshot.state == ScreenshotState.DONE:
        read = {
            field: getattr(screenshot, field)
            for field in ("lines", "text", "width", "height", "engine", "model", "seconds")
        } | {"read_at": screenshot.read_at}
    _keep(
        evidence,
        actor=actor,
        read=read,
        received_at=screenshot.created_at.isoformat(),
        via="order_screenshot_prefill",
    )
    screenshot.delete()  # the row only; the file is the evidence's now
    return evidence


def _unavailable() -> integrity.RefusedFile:
    return integrity.RefusedFile(
        _(
            "The evidence store cannot be reached right now, so this file was not saved. "
            "Nothing was kept: upload it again in a few minutes."
        ),
        "storage",
    )


def _store(name: str, received: integrity.ReceivedFile) -> str:
    """Put the file in storage before its row exists (a row never points at nothing). An
    outage refuses the upload; a half-written object it may leave has no row, and the
    storage sweep (`manage.py sweep_storage`) finds it."""
    try:
        with outage_as_unavailable():
            return evidence_storage.save(name, received)
    except (StorageUnavailable, OSError) as error:
        logger.warning("evidence upload not stored: %s", error)
        raise _unavailable() from error


def _unstore(name: str) -> None:
    """Take back the object of an upload whose row was not saved. If the storage is down
    now, the object stays an orphan for the sweep to report and delete."""
    try:
        with outage_as_unavailable():
            evidence_storage.delete(name)
    except (StorageUnavailable, OSError) as error:
        logger.error("orphan object %s left in storage (the sweep deletes it): %s", name, error)


def _guessed_kind(*, case: Case, received: integrity.ReceivedFile, exif: dict) -> EvidenceKind:
    category = received.file_type.category
    size = integrity.image_size(received.temporary_file_path()) if category == "image" else None
    kinds = case.evidence.filter(removed_at__isnull=True).values_list("kind", flat=True)
    return guess_kind(
        category=category,
        width=size[0] if size else None,
        height=size[1] if size else None,
        has_camera_exif=bool(exif.get("make") or exif.get("model")),
        missing=checklist_for(problem=case.problem, counts_by_kind=Counter(kinds)).lacking,
    )


@transaction.atomic
def evidence_change_details(
    *, evidence: Evidence, kind: EvidenceKind | str, description: str, actor: User | None
) -> Evidence:
    """Correct what a file is said to be (a wrong guess, a wrong pick) and its description.

    The file and its hash are untouched; the custody log records what changed from what, and
    the completeness meter follows the new kind."""
    changes = {
        field: [getattr(evidence, field), value]
        for field, value in (("kind", str(kind)), ("description", description))
        if getattr(evidence, field) != value
    }
    if changes:
        evidence.kind, evidence.description = str(kind), description
        evidence.save(update_fields=list(changes))
        custody_record(
            evidence=evidence, action=CustodyAction.DETAILS_CHANGED, actor=actor, **changes
        )
        case_evidence_percent_refresh(case=evidence.case)
    return evidence


def case_evidence_percent_refresh(*, case: Case) -> int:
    """Store how much of the case's evidence checklist is done, for the advisors' case list.

    Called by every service that changes it: adding and removing evidence here, and (through
    the refresh the evidence app registers with cases.services) changing the case's problem,
    which decides the checklist."""
    kinds = case.evidence.filter(removed_at__isnull=True).values_list("kind", flat=True)
    percent = checklist_for(problem=case.problem, counts_by_kind=Counter(kinds)).percent
    Case.objects.filter(pk=case.pk).update(evidence_percent=percent)
    case.evidence_percent = percent
    return percent


def stored_sha256(evidence: Evidence) -> str | None:
    """The hash of the file as it is in storage now (None when it is gone). Touches no
    database, so a dossier runs it on a thread of its own."""
    try:
        with open_stream(evidence.file.name) as stored:
            return integrity.sha256_of(stored)
    except FileNotFoundError:
        return None


def evidence_record_verification(
    *, evidence: Evidence, found: str | None, actor: User | None = None
) -> bool:
    """Record a re-hash in the evidence and its custody log; True when the file is unaltered."""
    ok = found == evidence.sha256
    evidence.last_verified_at = timezone.now()
    evidence.last_verified_ok = ok
    evidence.save(update_fields=["last_verified_at", "last_verified_ok"])
    if ok:
        custody_record(evidence=evidence, action=CustodyAction.VERIFIED, actor=actor)
    else:
        logger.warning("evidence %s failed verification", evidence.public_id)
        custody_record(
            evidence=evidence,
            action=CustodyAction.VERIFY_FAILED,
            actor=actor,
            found=found or "missing",
        )
    return ok


def evidence_verify(*, evidence: Evidence, actor: User | None = None) -> bool:
    """Re-hash the stored file and record whether it still matches what was uploaded."""
    return evidence_record_verification(
        evidence=evidence, found=stored_sha256(evidence), actor=actor
    )


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: User | None) -> Evidence:
    """Take evidence off the case. The file, its hash and its custody log stay."""
    if evidence.removed_at is None:
        evidence.removed_at = timezone.now()
        evidence.removed_by = actor
        evidence.save(update_fields=["removed_at", "removed_by"])
        custody_record(evidence=evidence, action=CustodyAction.REMOVED, actor=actor)
        case_evidence_percent_refresh(case=evidence.case)
    return evidence


def evidence_mark_viewed(*, evidence: Evidence, actor: User | None) -> None:
    custody_record(evidence=evidence, action=CustodyAction.VIEWED, actor=actor)


def evidence_mark_downloaded(*, evidence: Evidence, actor: User | None) -> None:
    custody_record(evidence=evidence, action=CustodyAction.DOWNLOADED, actor=actor)
