"""Transcripts: the text of each image evidence, read by OCR in the background.

After an upload commits, the vault calls `transcript_queue()`: a waiting Transcript row, and a
task for the workers (`tasks.transcript_make_task`). Nothing is read in a web request: with no
broker the row waits, and the sweep (evidence/jobs.py, every minute) queues it again. Reading
runs under a lease like the renditions, so a retried task or the sweep at once read once.

A file the engine cannot read (no picture in it, the engine failing on it) ends `failed` with a
reason and is not retried; a storage outage is retried with a backoff. Neither touches the
evidence itself: the upload is kept whatever happens here.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..jobs import TRANSCRIPT_JOBS, transcript_gave_up
from ..models import Evidence, Transcript, TranscriptState
from ..storage import read_whole
from ..tasks import transcript_make_task
from . import ocr

logger = logging.getLogger(__name__)


def readable(evidence: Evidence) -> bool:
    """Which evidence has text to read: pictures (screenshots, photos, HEIC included), while
    reading is on (settings.WEIQUAN_OCR)."""
    return settings.WEIQUAN_OCR and evidence.category == "image"


def transcript_queue(evidence_id: int) -> None:
    """Called on commit of an upload: the row the pages show as 正在识别文字, and the task."""
    transcript, _created = Transcript.objects.get_or_create(evidence_id=evidence_id)
    TRANSCRIPT_JOBS.schedule(transcript.pk)  # a lost message is queued again by the sweep
    try:
        transcript_make_task.delay(transcript.pk)
    except Exception as error:  # no broker: the sweep queues it once one is back
        logger.warning("transcript of evidence %s not queued: %s", evidence_id, error)


def transcript_make(*, transcript_id: int, again: bool = False) -> str | None:
    """Read the evidence's text once; returns the state it ended in, None when it is gone.
    `again` reopens a finished or failed transcript (the `read_evidence` command)."""
    if again:
        Transcript.objects.filter(pk=transcript_id).exclude(state=TranscriptState.READING).update(
            state=TranscriptState.PENDING, attempts=0, error=""
        )
    lease = TRANSCRIPT_JOBS.claim(transcript_id)
    transcript = Transcript.objects.select_related("evidence").filter(pk=transcript_id).first()
    if transcript is None:
        return None
    if lease is None:
        return transcript.state
    evidence = transcript.evidence
    try:
        with TRANSCRIPT_JOBS.heartbeat(lease):
            data = picture_bytes(evidence)
    except FileNotFoundError:
        TRANSCRIPT_JOBS.release(lease, state=TranscriptState.FAILED, error=_stored(_gone))
        return TranscriptState.FAILED
    except Exception as error:  # storage trouble: the sweep tries again later
        TRANSCRIPT_JOBS.give_back(lease, reason=transcript_gave_up(transcript.attempts))
        logger.warning("transcript %s: the file could not be read: %s", transcript_id, error)
        raise
    try:
        with TRANSCRIPT_JOBS.heartbeat(lease):
            reading = ocr.read_bytes(data)
    except ocr.OcrError as error:
        logger.info("transcript %s: %s", transcript_id, error)
        TRANSCRIPT_JOBS.release(lease, state=TranscriptState.FAILED, error=_stored(_unreadable))
        return TranscriptState.FAILED
    TRANSCRIPT_JOBS.release(lease, state=TranscriptState.DONE, **reading_columns(reading))
    return TranscriptState.DONE


def reading_columns(reading: ocr.OcrReading) -> dict[str, object]:
    """What a row keeps of a reading: a Transcript and a new case's OrderScreenshot have the
    same columns (the screenshot's are copied to its evidence's transcript later)."""
    return {
        "lines": [line.as_json() for line in reading.lines],
        "text": reading.text,
        "width": reading.width,
        "height": reading.height,
        "engine": reading.engine,
        "model": reading.model,
        "seconds": round(reading.seconds, 3),
        "read_at": timezone.now(),
        "error": "",
    }


def picture_bytes(evidence: Evidence) -> bytes:
    """The original, or for a HEIC photo the JPEG preview when there is one (the engine reads
    what Pillow opens; pillow-heif opens HEIC too, so the original is the fallback)."""
    if evidence.content_type in {"image/heic", "image/heif"} and evidence.preview:
        return read_whole(evidence.preview.name)
    return read_whole(evidence.file.name)


def _gone() -> str:
    return _("The file is no longer in storage, so its text could not be read.")


def _unreadable() -> str:
    return _("The text in this picture could not be read.")


def _stored(message) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # stored, and read in Chinese
        return message()


def evidence_to_read(
    *, case_reference: str | None = None, failed_only: bool = False
) -> QuerySet[Evidence]:
    """The image evidence the `read_evidence` command reads again: all, one case's, or only
    those whose reading failed or never happened."""
    queryset = Evidence.objects.filter(content_type__startswith="image/", removed_at__isnull=True)
    if case_reference:
        queryset = queryset.filter(case__reference=case_reference)
    if failed_only:
        queryset = queryset.exclude(transcript__state=TranscriptState.DONE)
    return queryset.order_by("pk")


def transcript_read_again(evidence: Evidence, *, here: bool) -> str | None:
    """One evidence read again: in this process (`here`, the command's default) or queued."""
    transcript, _created = Transcript.objects.get_or_create(evidence=evidence)
    if here:
        return transcript_make(transcript_id=transcript.pk, again=True)
    Transcript.objects.filter(pk=transcript.pk).exclude(state=TranscriptState.READING).update(
        state=TranscriptState.PENDING, attempts=0, error=""
    )
    transcript_queue(evidence.pk)
    return TranscriptState.PENDING
