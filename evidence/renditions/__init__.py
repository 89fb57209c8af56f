"""Renditions: the pictures made from evidence files, never the evidence itself.

- web: the thumbnail (and a HEIC photo's JPEG preview, a video's poster frame);
- prints: the picture as the dossiers print it.

All are made by the task queued after upload (`renditions_queue` → tasks.renditions_make_task
→ `renditions_make`), never during a request: a page reads only what exists and shows a
placeholder until it does (`thumbnail_state`). Making them is safe to run twice, and a
failure leaves the upload as it was; `manage.py make_renditions` makes any that are missing.
"""

import logging
from enum import StrEnum

from django.db.models import Q, QuerySet

from ..integrity import BROWSER_DISPLAYABLE
from ..models import Evidence
from ..tasks import renditions_make_task
from .prints import ensure_print_renditions
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


def renditions_make(*, evidence_id: int) -> ThumbnailState | None:
    """Make whatever is missing of the evidence's thumbnail, preview, poster and print
    rendition; None when the evidence is gone. Each part claims its column, so two runs at
    once (a retried task, `make_renditions`) leave one set of files."""
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        return None
    thumbnail_make(evidence)
    if evidence.category == "image" and not evidence.preview_failed:
        ensure_print_renditions([evidence])
    return thumbnail_state(evidence)


def renditions_queue(evidence_id: int) -> None:
    """Hand the new evidence to a worker (called on commit of the upload). With no broker the
    renditions are made here, in the upload's POST, once the files are committed: that request
    pays, and no GET ever has to."""
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
