"""Renditions: the pictures made from evidence files, never the evidence itself.

- web: the thumbnail (and a HEIC photo's JPEG preview, a video's poster frame);
- prints: the picture as the dossiers print it.

All are made by the task queued after upload (`renditions_queue` → tasks.renditions_make_task
→ `renditions_make`), never during a request: a page reads only what exists and shows a
placeholder until it does (`thumbnail_state`). The task holds the evidence under a lease
(evidence/jobs.py): a second run is a no-op, a run that fails or whose worker dies is retried
by the sweep, a few times, then the page shows the kind's icon. A failure leaves the upload
as it was; `manage.py make_renditions` makes any that are missing.
"""

import logging
from enum import StrEnum

from django.db.models import Q, QuerySet

from ..integrity import BROWSER_DISPLAYABLE
from ..jobs import RENDITION_JOBS, renditions_gave_up
from ..models import Evidence, RenditionsState
from ..storage import read_whole
from ..tasks import renditions_make_task
from .prints import ensure_print_rendition
from .web import thumbnail_make

logger = logging.getLogger(__name__)

DRAWN = ("image", "video")  # the categories that get a thumbnail; the others show an icon


class ThumbnailState(StrEnum):
    READY = "ready"
    PENDING = "pending"  # the task has not made it yet: the page shows a placeholder
    NONE = "none"  # never will be (a PDF, a recording, a picture that cannot be decoded)


def thumbnail_state(evidence: Evidence) -> ThumbnailState:
    """What a page shows for the evidence's picture. Reads the row only: no file is made."""
    if evidence.thumbnail:
        return ThumbnailState.READY
    if evidence.category not in DRAWN or evidence.preview_failed:
        return ThumbnailState.NONE
    if evidence.renditions_state == RenditionsState.FAILED:  # the retries are used up
        return ThumbnailState.NONE
    return ThumbnailState.PENDING


def thumbnail_ready(evidence: Evidence) -> bool:
    """Whether the thumbnail exists, for pages and file views that serve it."""
    return thumbnail_state(evidence) == ThumbnailState.READY


def browser_preview_ready(evidence: Evidence) -> bool:
    """Whether the evidence page can show the picture itself: the original when browsers
    display its type, else the JPEG preview made from it (HEIC)."""
    if evidence.category != "image" or evidence.preview_failed:
        return False
    return evidence.content_type in BROWSER_DISPLAYABLE or bool(evidence.preview)


def renditions_make(*, evidence_id: int, again: bool = False) -> ThumbnailState | None:
    """Make whatever is missing of the evidence's thumbnail, preview, poster and print
    rendition; None when the evidence is gone. Only the run that claims the evidence's lease
    works (a retried task, the sweep's re-queue and `make_renditions` at once are no-ops), and
    each part also claims its column, so a stale run leaves one set of files. `again` reopens
    a job that used up its attempts (the operator's `make_renditions`)."""
    if again:
        Evidence.objects.filter(pk=evidence_id).exclude(
            renditions_state=RenditionsState.MAKING
        ).update(renditions_state=RenditionsState.PENDING, attempts=0, renditions_error="")
    lease = RENDITION_JOBS.claim(evidence_id)
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        return None
    if lease is None:
        return thumbnail_state(evidence)
    try:
        with RENDITION_JOBS.heartbeat(lease):
            original = _picture_to_draw(evidence)
            thumbnail_make(evidence, original=original)
            if evidence.category == "image" and not evidence.preview_failed:
                ensure_print_rendition(evidence, original=original)
    except Exception as error:  # storage trouble: the sweep tries again later
        went_to = RENDITION_JOBS.give_back(lease, reason=renditions_gave_up(evidence.attempts))
        logger.warning("renditions of evidence %s failed (%s): %s", evidence_id, went_to, error)
        raise
    RENDITION_JOBS.release(lease, state=RenditionsState.DONE)
    evidence.refresh_from_db()
    return thumbnail_state(evidence)


def _picture_to_draw(evidence: Evidence) -> bytes | None:
    """A picture's bytes, read once for its thumbnail, preview and print rendition; None
    when nothing is to be made from them or the file is gone (then the thumbnail's own read
    fails and marks it). A storage outage is raised: the job is retried."""
    if evidence.category != "image" or evidence.preview_failed:
        return None
    if evidence.thumbnail and evidence.print_rendition:
        return None
    try:
        return read_whole(evidence.file.name)
    except FileNotFoundError:
        return None


def renditions_queue(evidence_id: int) -> None:
    """Hand the new evidence to a worker (called on commit of the upload). With no broker the
    renditions are made here, in the upload's POST, once the files are committed: that request
    pays, and no GET ever has to."""
    RENDITION_JOBS.schedule(evidence_id)  # a lost message is queued again by the sweep
    try:
        renditions_make_task.delay(evidence_id)
    except Exception as error:
        logger.warning("renditions of evidence %s not queued (%s): made here", evidence_id, error)
        renditions_make(evidence_id=evidence_id)


def evidence_missing_renditions() -> QuerySet[Evidence]:
    """Evidence on the page whose thumbnail or print rendition is still to be made (evidence
    uploaded before renditions were made after upload, or whose task was lost)."""
    image = Q(content_type__startswith="image/")
    drawn = image | Q(content_type__startswith="video/")
    return Evidence.objects.filter(
        drawn & (Q(thumbnail="") | (image & Q(print_rendition=""))),
        preview_failed=False,
        removed_at__isnull=True,
    ).order_by("pk")
