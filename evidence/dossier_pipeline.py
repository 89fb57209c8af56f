"""The dossier pipeline: a consumer asks for a case file, a worker verifies every evidence
file and renders the PDF (dossiers, the only module that imports WeasyPrint, is imported
only when rendering), and the result is kept with its own hash.
"""

import hashlib
import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.contact import contact_details
from accounts.models import User
from cases.deadlines import WorkCalendar
from cases.letters import LETTERS, demands_text, letter_for
from cases.models import Case
from cases.overview import CaseOverview, case_overview, overview_of
from cases.references import format_reference
from core.leases import Lease, LeaseLost

from .jobs import DOSSIER_JOBS
from .models import (
    CustodyAction,
    Dossier,
    DossierState,
    DossierVariant,
    Evidence,
    dossier_path,
)
from .renditions.prints import print_renditions_in_background
from .storage import StorageUnavailable, evidence_storage
from .tasks import dossier_build_task
from .vault import custody_record, evidence_record_verification, stored_sha256

logger = logging.getLogger(__name__)

DOSSIER_TITLES = {
    DossierVariant.FULL: "证据材料",
    DossierVariant.COMPLAINT_12315: "12315 投诉材料",
    DossierVariant.COURT: "证据材料（附证据清单）",
}


def dossier_request(*, case: Case, variant: str, actor: User | None, queue: bool = True) -> Dossier:
    """Ask for a dossier; a worker makes it (see tasks.dossier_build_task)."""
    dossier = Dossier.objects.create(case=case, variant=variant, requested_by=actor)
    if queue:
        _queue_on_commit(dossier)
    return dossier


def dossier_retry(*, dossier: Dossier) -> bool:
    """The consumer's 重试 on a failed dossier: waiting again, with fresh attempts. False
    when it is not failed (already retried, or built meanwhile)."""
    reopened = Dossier.objects.filter(pk=dossier.pk, state=DossierState.FAILED).update(
        state=DossierState.PENDING, attempts=0, error="", progress="", finished_at=None
    )
    if reopened:
        _queue_on_commit(dossier)
    return bool(reopened)


def _queue_on_commit(dossier: Dossier) -> None:
    # If the message is lost on the way, the sweep queues the dossier again after one lease.
    DOSSIER_JOBS.schedule(dossier.pk)
    transaction.on_commit(lambda: _queue_dossier(dossier.pk))


def _queue_dossier(dossier_id: int) -> None:
    try:
        dossier_build_task.delay(dossier_id)
    except Exception as error:
        logger.warning("dossier %s not queued (%s): building in the request", dossier_id, error)
        dossier_build(dossier_id=dossier_id)


def dossier_build(*, dossier_id: int) -> Dossier:
    """Verify every evidence file, then render and store the PDF with its own hash.

    Run under a lease (evidence/jobs.py): only the caller that claims the dossier builds it,
    it renews the lease at each step and from a heartbeat, and the result is kept only if it
    still holds the lease when it stores it. A second run of the same task is a no-op.

    A file that no longer matches its hash stops the build: a dossier is never made over
    altered evidence (the failed check is in the custody log).
    """
    lease = DOSSIER_JOBS.claim(dossier_id, progress="校验证据")
    dossier = Dossier.objects.select_related("case__owner", "case__platform").get(pk=dossier_id)
    if lease is None:
        return dossier
    try:
        with DOSSIER_JOBS.heartbeat(lease) as lost:
            made = _make(dossier, lease)
        if made is not None:
            if lost.is_set():
                raise LeaseLost(dossier_id)
            _keep(dossier, lease, *made)
    except LeaseLost:
        logger.warning("dossier %s: lease lost, another run takes over", dossier_id)
    dossier.refresh_from_db()
    return dossier


def _make(dossier: Dossier, lease: Lease):
    """The verified, rendered dossier and the evidence it holds; None when it failed (the
    reason is on the row)."""
    case = dossier.case
    # The transcripts come in the same query: printed under each picture.
    evidence = list(
        case.evidence.filter(removed_at__isnull=True)
        .select_related("transcript")
        .order_by("number")
    )
    owner = case.owner
    try:
        # Three things at once: the files are re-hashed on one thread, missing print
        # renditions are made on the others (each from the same read that hashes its
        # original), and the pages are laid out here. The PDF (and the renditions) are kept
        # only if every file proved unaltered.
        with (
            ThreadPoolExecutor(max_workers=1) as hasher,
            print_renditions_in_background(evidence) as pending,
            translation.override(settings.LANGUAGE_CODE),  # a dossier is read in China
        ):
            pdfs: dict = {}
            fingerprints = _fingerprints(evidence, pending, hasher, pdfs)
            pdfs.update(_pdfs(evidence))
            DOSSIER_JOBS.renew_or_stop(lease, progress="排版")
            try:
                # Read inside the override: deadline titles are worded as they are computed.
                overview = case_overview(case=case)
                rendered = _render(dossier, overview, owner, evidence, pending, pdfs)
            finally:  # an altered file is the reason to report, whatever else went wrong
                with transaction.atomic():
                    altered = [
                        item.number
                        for item, found in zip(evidence, fingerprints(), strict=True)
                        if not evidence_record_verification(evidence=item, found=found)
                    ]
                if altered:
                    raise _AlteredEvidence(altered)  # replaces any other failure
    except _AlteredEvidence as problem:
        DOSSIER_JOBS.release(
            lease,
            state=DossierState.FAILED,
            progress="",
            finished_at=timezone.now(),
            error=_(
                "Evidence %(numbers)s no longer matches its fingerprint: the case file was not "
                "made. Upload the originals again or ask a volunteer for help."
            )
            % {"numbers": "、".join(str(number) for number in problem.numbers)},
        )
        return None
    except LeaseLost:
        raise
    except Exception as error:
        if _storage_outage(error):  # try again later (the sweep queues it), a few times
            logger.warning("dossier %s: storage unavailable: %s", dossier.pk, error)
            DOSSIER_JOBS.give_back(lease, reason=_storage_gave_up(dossier.attempts))
            return None
        DOSSIER_JOBS.release(
            lease,
            state=DossierState.FAILED,
            progress="",
            finished_at=timezone.now(),
            error=str(error),
        )
        raise
    return rendered, evidence


def _keep(dossier: Dossier, lease: Lease, rendered, evidence: list[Evidence]) -> None:
    """Store the PDF and mark the dossier ready in one transaction, only while this run holds
    the lease: whatever happens, a dossier has one file and one set of custody entries."""
    name = dossier_path(dossier, "dossier.pdf")
    with transaction.atomic():
        DOSSIER_JOBS.renew_or_stop(lease)  # locks the row until the commit
        if evidence_storage.exists(name):  # left by a run that died before its commit
            evidence_storage.delete(name)
        stored = evidence_storage.save(name, ContentFile(rendered.pdf))
        released = DOSSIER_JOBS.release(
            lease,
            state=DossierState.READY,
            file=stored,
            sha256=hashlib.sha256(rendered.pdf).hexdigest(),
            size=len(rendered.pdf),
            pages=rendered.pages,
            evidence_hashes={str(item.number): item.sha256 for item in evidence},
            progress="",
            finished_at=timezone.now(),
        )
        if not released:
            evidence_storage.delete(stored)
            raise LeaseLost(dossier.pk)
        for item in evidence:
            custody_record(
                evidence=item,
                action=CustodyAction.INCLUDED_IN_DOSSIER,
                actor=dossier.requested_by,
                dossier=str(dossier.public_id),
            )


def _fingerprints(evidence: list[Evidence], pending: dict, hasher: ThreadPoolExecutor, pdfs: dict):
    """Start hashing every file not already read for its print rendition or its PDF pages
    (`pdfs`, filled in by the caller meanwhile); returns what gives the hashes in the
    evidence's order once they are all known."""
    reads = {
        item.pk: hasher.submit(stored_sha256, item)
        for item in evidence
        if item.pk not in pending and not _is_pdf(item)
    }

    def found() -> list[str | None]:
        return [
            pending[item.pk].future.result().sha256
            if item.pk in pending
            else pdfs[item.pk].sha256
            if _is_pdf(item)
            else reads[item.pk].result()
            for item in evidence
        ]

    return found


def _is_pdf(item: Evidence) -> bool:
    return item.content_type == "application/pdf"


def _pdfs(evidence: list[Evidence]) -> dict:
    """Each PDF evidence read once, for its pages and its hash (pdf_pages, the only module
    that imports pypdf, is imported only here)."""
    from . import pdf_pages

    return {item.pk: pdf_pages.evidence_pdf_read(item) for item in evidence if _is_pdf(item)}


def _storage_outage(error: BaseException | None) -> bool:
    """Whether a failure comes from storage being unreachable, however wrapped (WeasyPrint
    raises its own error from the one our URL fetcher raised)."""
    while error is not None:
        if isinstance(error, StorageUnavailable):
            return True
        error = error.__cause__ or error.__context__
    return False


def _storage_gave_up(attempts: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # stored, and read in Chinese
        return _(
            "The evidence store could not be reached while the case file was made (tried "
            "%(attempts)s times). Press “Retry” in a few minutes."
        ) % {"attempts": attempts}


class _AlteredEvidence(Exception):
    def __init__(self, numbers: list[int]):
        super().__init__(numbers)
        self.numbers = numbers


def _render(dossier, overview: CaseOverview, owner, evidence, pending, pdfs):
    """The PDF of a case as its overview shows it (the same timeline, deadlines and claims
    as the consumer's page and the advisors' workspace), with the letters as the consumer
    last saved them and their contact details from the account."""
    from . import dossiers  # WeasyPrint loads only in processes that make dossiers

    case = overview.case
    contact = contact_details(owner)
    return dossiers.render_dossier(
        variant=dossier.variant,
        pending=pending,
        context={
            "case": case,
            "variant_title": DOSSIER_TITLES[dossier.variant],
            "consumer_name": contact.name or "未填写",
            "contact": contact,
            "problem": case.get_problem_display(),
            "wants": demands_text(case),
            "stage": case.get_stage_display(),
            "events": overview.chronological,
            "rows": dossiers.evidence_rows(evidence, pending, pdfs),
            "claims": overview.claims,
            "deadlines": overview.deadlines,
            "letters": {
                kind: letter_for(kind, case=case, events=overview.timeline, contact=contact).text
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
        reference=format_reference(0, 0),
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
        overview = overview_of(
            case=case, timeline=[], channels={}, promises=[], calendar=WorkCalendar()
        )
        _render(
            Dossier(case=case, variant=DossierVariant.FULL), overview, case.owner, [sample], {}, {}
        )


def evidence_changed_since(*, dossier: Dossier | None, fingerprints: Mapping[str, str]) -> bool:
    """Whether the case's evidence (`selectors.evidence_fingerprints`) differs from what a
    dossier included."""
    if dossier is None:
        return False
    return dossier.evidence_hashes != dict(fingerprints)
