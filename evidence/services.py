"""Everything that writes evidence and its custody log."""

import hashlib
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.compensation import claims_for
from cases.deadlines import WorkCalendar
from cases.ladder import case_deadlines
from cases.letters import LETTERS, draft
from cases.models import Case
from cases.selectors import case_timeline, platform_promises, work_calendar

from . import integrity, previews
from .checklist import checklist_for
from .models import (
    CustodyAction,
    CustodyEntry,
    Dossier,
    DossierState,
    DossierVariant,
    Evidence,
    EvidenceKind,
)
from .storage import evidence_storage

logger = logging.getLogger(__name__)


def custody_record(
    *, evidence: Evidence, action: CustodyAction | str, actor=None, **details
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
            case_evidence_percent_refresh(case=case)
            if evidence.category == "image":
                transaction.on_commit(lambda: _queue_rendition(evidence.pk))
    except IntegrityError:
        evidence_storage.delete(stored_name)
        raise integrity.RefusedFile(_("This file is already in the case."), "duplicate") from None
    except BaseException:
        evidence_storage.delete(stored_name)
        raise
    return evidence


def case_evidence_percent_refresh(*, case: Case) -> int:
    """Store how much of the case's evidence checklist is done, for the advisors' case list."""
    kinds = case.evidence.filter(removed_at__isnull=True).values_list("kind", flat=True)
    percent = checklist_for(problem=case.problem, counts_by_kind=Counter(kinds)).percent
    Case.objects.filter(pk=case.pk).update(evidence_percent=percent)
    case.evidence_percent = percent
    return percent


def _queue_rendition(evidence_id: int) -> None:
    from .tasks import print_rendition_task

    try:
        print_rendition_task.delay(evidence_id)
    except Exception as error:
        logger.warning("print rendition of evidence %s not queued: %s", evidence_id, error)


def stored_sha256(evidence: Evidence) -> str | None:
    """The hash of the file as it is in storage now (None when it is gone). Touches no
    database, so a dossier runs it on a thread of its own."""
    try:
        with evidence_storage.open(evidence.file.name, "rb") as stored:
            return integrity.sha256_of(stored)
    except FileNotFoundError:
        return None


def evidence_record_verification(*, evidence: Evidence, found: str | None, actor=None) -> bool:
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


def evidence_verify(*, evidence: Evidence, actor=None) -> bool:
    """Re-hash the stored file and record whether it still matches what was uploaded."""
    return evidence_record_verification(
        evidence=evidence, found=stored_sha256(evidence), actor=actor
    )


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor) -> Evidence:
    """Take evidence off the case. The file, its hash and its custody log stay."""
    if evidence.removed_at is None:
        evidence.removed_at = timezone.now()
        evidence.removed_by = actor
        evidence.save(update_fields=["removed_at", "removed_by"])
        custody_record(evidence=evidence, action=CustodyAction.REMOVED, actor=actor)
        case_evidence_percent_refresh(case=evidence.case)
    return evidence


def evidence_mark_viewed(*, evidence: Evidence, actor) -> None:
    custody_record(evidence=evidence, action=CustodyAction.VIEWED, actor=actor)


def evidence_mark_downloaded(*, evidence: Evidence, actor) -> None:
    custody_record(evidence=evidence, action=CustodyAction.DOWNLOADED, actor=actor)


# --- dossiers --------------------------------------------------------------------------

DOSSIER_TITLES = {
    DossierVariant.FULL: "证据材料",
    DossierVariant.COMPLAINT_12315: "12315 投诉材料",
    DossierVariant.COURT: "证据材料（附证据清单）",
}


def dossier_request(*, case: Case, variant: str, actor, queue: bool = True) -> Dossier:
    """Ask for a dossier; a worker makes it (see tasks.dossier_build_task)."""
    dossier = Dossier.objects.create(case=case, variant=variant, requested_by=actor)
    if queue:
        transaction.on_commit(lambda: _queue_dossier(dossier.pk))
    return dossier


def _queue_dossier(dossier_id: int) -> None:
    from .tasks import dossier_build_task

    try:
        dossier_build_task.delay(dossier_id)
    except Exception as error:
        logger.warning("dossier %s not queued (%s): building in the request", dossier_id, error)
        dossier_build(dossier_id=dossier_id)


def _progress(dossier: Dossier, text: str, **fields) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(progress=text, **fields)


def dossier_build(*, dossier_id: int) -> Dossier:
    """Verify every evidence file, then render and store the PDF with its own hash.

    A file that no longer matches its hash stops the build: a dossier is never made over
    altered evidence (the failed check is in the custody log).
    """
    claimed = Dossier.objects.filter(
        pk=dossier_id, state__in=[DossierState.PENDING, DossierState.FAILED]
    ).update(state=DossierState.BUILDING, progress="校验证据", error="")
    dossier = Dossier.objects.select_related("case__owner", "case__platform").get(pk=dossier_id)
    if not claimed:
        return dossier
    case = dossier.case
    evidence = list(case.evidence.filter(removed_at__isnull=True).order_by("number"))
    events = list(case_timeline(case=case))
    owner = case.owner
    consumer_name = owner.display_name or owner.public_name
    try:
        # Three things at once: the files are re-hashed on one thread, missing print
        # renditions are made on the others, and the pages are laid out here. The PDF (and
        # the renditions) are kept only if every file proved unaltered.
        with (
            ThreadPoolExecutor(max_workers=1) as hasher,
            previews.print_renditions_in_background(evidence) as pending,
            translation.override(settings.LANGUAGE_CODE),  # a dossier is read in China
        ):
            fingerprints = hasher.map(stored_sha256, evidence)
            _progress(dossier, "排版")
            try:
                rendered = _render(
                    dossier, case, owner, consumer_name, events, evidence, pending,
                    promises=platform_promises(platform=case.platform), calendar=work_calendar(),
                )  # fmt: skip
            finally:  # an altered file is the reason to report, whatever else went wrong
                with transaction.atomic():
                    altered = [
                        item.number
                        for item, found in zip(evidence, fingerprints, strict=True)
                        if not evidence_record_verification(evidence=item, found=found)
                    ]
                if altered:
                    raise _AlteredEvidence(altered)  # replaces any other failure
    except _AlteredEvidence as problem:
        _progress(
            dossier,
            "",
            state=DossierState.FAILED,
            finished_at=timezone.now(),
            error=_(
                "Evidence %(numbers)s no longer matches its fingerprint: the case file was not "
                "made. Upload the originals again or ask a volunteer for help."
            )
            % {"numbers": "、".join(str(number) for number in problem.numbers)},
        )
        dossier.refresh_from_db()
        return dossier
    except Exception as error:
        _progress(
            dossier, "", state=DossierState.FAILED, finished_at=timezone.now(), error=str(error)
        )
        raise
    with transaction.atomic():
        dossier.file.save("dossier.pdf", ContentFile(rendered.pdf), save=False)
        dossier.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
        dossier.size = len(rendered.pdf)
        dossier.pages = rendered.pages
        dossier.evidence_hashes = {str(item.number): item.sha256 for item in evidence}
        dossier.state = DossierState.READY
        dossier.progress = ""
        dossier.finished_at = timezone.now()
        dossier.save()
        for item in evidence:
            custody_record(
                evidence=item,
                action=CustodyAction.INCLUDED_IN_DOSSIER,
                actor=dossier.requested_by,
                dossier=str(dossier.public_id),
            )
    return dossier


class _AlteredEvidence(Exception):
    def __init__(self, numbers: list[int]):
        super().__init__(numbers)
        self.numbers = numbers


def _render(dossier, case, owner, consumer_name, events, evidence, pending, *, promises, calendar):
    from . import dossiers  # WeasyPrint loads only in processes that make dossiers

    chronological = sorted(events, key=lambda event: event.happened_at)
    return dossiers.render_dossier(
        variant=dossier.variant,
        pending=pending,
        context={
            "case": case,
            "variant_title": DOSSIER_TITLES[dossier.variant],
            "consumer_name": consumer_name,
            "problem": case.get_problem_display(),
            "wants": "、".join(case.get_wants_display()),
            "stage": case.get_stage_display(),
            "events": chronological,
            "rows": dossiers.evidence_rows(evidence, pending),
            "claims": claims_for(
                problem=case.problem,
                price=case.amount_paid,
                platform_promises=promises,
            ),
            "deadlines": case_deadlines(case, events, calendar),
            "letters": {
                kind: draft(kind, case=case, events=events, consumer_name=owner.display_name)
                for kind in LETTERS
            },
        },
    )


def dossier_warm_up() -> None:
    """Lay out and write a short sample dossier in this process, then throw it away.

    A new worker process pays once for compiling the dossier and letter templates, loading
    the fonts and setting up Pango, HarfBuzz and cffi (a few tenths of a second here). Paying
    it when the worker starts keeps it out of the first consumer's wait. The sample lives in
    memory only: no query, nothing read from or written to storage.
    """
    from django.contrib.auth import get_user_model

    from platforms.models import Platform

    case = Case(
        reference="WQ-0000-000000",
        owner=get_user_model()(),
        platform=Platform(name="示例平台"),
        shop_name="示例店铺",
        product="示例商品",
        amount_paid=100,
        purchase_date=timezone.localdate(),
        problem="counterfeit",
        wants=["refund"],
    )
    sample = Evidence(
        case=case,
        number=1,
        kind="other",
        content_type="application/pdf",
        size=1024,
        sha256="0" * 64,
        uploaded_at=timezone.now(),
    )
    with translation.override(settings.LANGUAGE_CODE):
        _render(
            Dossier(case=case, variant=DossierVariant.FULL), case, case.owner, "", [], [sample], {},
            promises=[], calendar=WorkCalendar(),
        )  # fmt: skip


def evidence_changed_since(*, dossier: Dossier | None, evidence: list[Evidence]) -> bool:
    """Whether the case's evidence differs from what a dossier included."""
    if dossier is None:
        return False
    return dossier.evidence_hashes != {str(item.number): item.sha256 for item in evidence}
