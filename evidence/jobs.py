"""The evidence app's background jobs under the one lease mechanism (core/leases.py): dossier
builds, the renditions made after upload and the transcripts read by OCR, their sweep, and
what a page shows of a dossier.

A dossier: pending → building (leased) → ready, or failed with a reason and a 重试 button.
A build whose worker died is taken back by the sweep once its lease runs out: retried
(after 1, 4, 16 minutes by default) or, after `WEIQUAN_JOB_MAX_ATTEMPTS`, failed.
Renditions: pending → making (leased) → done, or failed (the page then shows the kind's icon
instead of "预览生成中").
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.leases import LeasedRows, SweepResult, lease_expired

from .models import (
    Dossier,
    DossierState,
    Evidence,
    OrderScreenshot,
    RenditionsState,
    ScreenshotState,
    Transcript,
    TranscriptState,
)
from .tasks import (
    dossier_build_task,
    order_screenshot_read_task,
    renditions_make_task,
    transcript_make_task,
)

DOSSIER_JOBS = LeasedRows(
    model=Dossier,
    pending=DossierState.PENDING,
    running=DossierState.BUILDING,
    failed=DossierState.FAILED,
    cleared_on_claim=("error",),
)
RENDITION_JOBS = LeasedRows(
    model=Evidence,
    pending=RenditionsState.PENDING,
    running=RenditionsState.MAKING,
    failed=RenditionsState.FAILED,
    state_field="renditions_state",
    reason_field="renditions_error",
    cleared_on_claim=("renditions_error",),
)
TRANSCRIPT_JOBS = LeasedRows(
    model=Transcript,
    pending=TranscriptState.PENDING,
    running=TranscriptState.READING,
    failed=TranscriptState.FAILED,
    cleared_on_claim=("error",),
)

# The order screenshots uploaded on /cases/new/ (evidence/prefill/), read before a case exists.
SCREENSHOT_JOBS = LeasedRows(
    model=OrderScreenshot,
    pending=ScreenshotState.PENDING,
    running=ScreenshotState.READING,
    failed=ScreenshotState.FAILED,
    cleared_on_claim=("error",),
)


def dossier_gave_up(attempts: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # stored, and read in Chinese
        return _(
            "The worker making the case file stopped unexpectedly; it was tried %(attempts)s "
            "times without finishing. Press “Retry”."
        ) % {"attempts": attempts}


def renditions_gave_up(attempts: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The preview could not be made (tried %(attempts)s times).") % {
            "attempts": attempts
        }


def transcript_gave_up(attempts: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The text could not be read (tried %(attempts)s times).") % {"attempts": attempts}


def jobs_sweep(*, now: datetime | None = None) -> dict[str, SweepResult]:
    """Every minute (beat): take back every dossier build and renditions job whose worker
    stopped renewing its lease, and queue the ones whose retry is due."""
    return {
        "dossiers": DOSSIER_JOBS.sweep(
            queue=dossier_build_task.delay, gave_up=dossier_gave_up, now=now
        ),
        "renditions": RENDITION_JOBS.sweep(
            queue=renditions_make_task.delay, gave_up=renditions_gave_up, now=now
        ),
        "transcripts": TRANSCRIPT_JOBS.sweep(
            queue=transcript_make_task.delay, gave_up=transcript_gave_up, now=now
        ),
        "screenshots": SCREENSHOT_JOBS.sweep(
            queue=order_screenshot_read_task.delay, gave_up=transcript_gave_up, now=now
        ),
    }


@dataclass(frozen=True)
class DossierShown:
    """What the case page and the status endpoint show of one dossier."""

    state: str  # pending, building, interrupted, ready, failed
    label: str
    progress: str
    spinner: bool  # someone is working on it right now (the page keeps asking until done)
    error: str


def dossier_shown(dossier: Dossier, *, now: datetime | None = None) -> DossierShown:
    """Computed from the row, so a page never shows "being made" beyond the lease: a build
    whose holder stopped renewing, or one waiting to be tried again, reads 处理中断，正在重试."""
    state = dossier.state
    interrupted = (
        state == DossierState.BUILDING and lease_expired(lease_until=dossier.lease_until, now=now)
    ) or (state == DossierState.PENDING and dossier.attempts > 0)
    if interrupted:
        label = pgettext("dossier state", "Interrupted, retrying")
        return DossierShown("interrupted", label, "", spinner=False, error="")
    label = str(DossierState(state).label)
    if state == DossierState.FAILED:
        return DossierShown(state, label, "", spinner=False, error=dossier.error)
    if state == DossierState.READY:
        return DossierShown(state, label, "", spinner=False, error="")
    return DossierShown(state, label, dossier.progress, spinner=True, error="")


def thumbnail_given_up(evidence: Evidence) -> bool:
    """The renditions job used up its attempts: the page shows the icon, not a placeholder."""
    return evidence.renditions_state == RenditionsState.FAILED
