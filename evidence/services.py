"""Everything that writes evidence and its custody log."""

import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case

from . import integrity
from .models import CustodyAction, CustodyEntry, Evidence, EvidenceKind
from .storage import evidence_storage

logger = logging.getLogger(__name__)


def custody_record(
    *, evidence: Evidence, action: CustodyAction | str, actor=None, **details
) -> CustodyEntry:
    """Append to the custody log; the only writer of CustodyEntry."""
    return CustodyEntry.objects.create(
        evidence=evidence, sha256=evidence.sha256, action=action, actor=actor, details=details
    )


def evidence_add(
    *,
    case: Case,
    received: integrity.ReceivedFile,
    kind: EvidenceKind | str,
    actor,
    description: str = "",
    captured_on: date | None = None,
) -> Evidence:
    """Check a received file's content and keep it in the vault with its hash and EXIF.

    Raises RefusedFile for broken, booby-trapped or duplicate files; then nothing is stored.
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
    stored_name = evidence_storage.save(
        evidence.file.field.generate_filename(evidence, received.name), received
    )
    try:
        with transaction.atomic():
            # Lock the case row so two uploads at once do not take the same number.
            Case.objects.select_for_update().filter(pk=case.pk).first()
            last = case.evidence.aggregate(last=Max("number"))["last"] or 0
            evidence.number = last + 1
            evidence.file.name = stored_name
            evidence.save()
            custody_record(
                evidence=evidence,
                action=CustodyAction.UPLOADED,
                actor=actor,
                size=evidence.size,
                content_type=evidence.content_type,
            )
            Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
    except IntegrityError:
        evidence_storage.delete(stored_name)
        raise integrity.RefusedFile(_("This file is already in the case."), "duplicate") from None
    except BaseException:
        evidence_storage.delete(stored_name)
        raise
    return evidence


def evidence_verify(*, evidence: Evidence, actor=None) -> bool:
    """Re-hash the stored file and record whether it still matches what was uploaded."""
    try:
        with evidence_storage.open(evidence.file.name, "rb") as stored:
            actual = integrity.sha256_of(stored)
    except FileNotFoundError:
        actual = None
    ok = actual == evidence.sha256
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
            found=actual or "missing",
        )
    return ok


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor) -> Evidence:
    """Take evidence off the case. The file, its hash and its custody log stay."""
    if evidence.removed_at is None:
        evidence.removed_at = timezone.now()
        evidence.removed_by = actor
        evidence.save(update_fields=["removed_at", "removed_by"])
        custody_record(evidence=evidence, action=CustodyAction.REMOVED, actor=actor)
    return evidence


def evidence_mark_viewed(*, evidence: Evidence, actor) -> None:
    custody_record(evidence=evidence, action=CustodyAction.VIEWED, actor=actor)


def evidence_mark_downloaded(*, evidence: Evidence, actor) -> None:
    custody_record(evidence=evidence, action=CustodyAction.DOWNLOADED, actor=actor)
