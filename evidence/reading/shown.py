"""What a page shows of an evidence's transcript: its state in words the consumer reads, the
lines (marked where a search found them), and who read them when. Reads only: the transcript
is made by the task after upload (reading/transcripts.py), never by a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..models import Evidence, Transcript, TranscriptState
from .search import Part, marked

# What the evidence page shows, one of:
WAITING = "waiting"  # pending or being read: 正在识别文字…
EMPTY = "empty"  # read, nothing found: 没有识别到文字
DONE = "done"  # read, lines to show
FAILED = "failed"  # could not be read, with the reason


@dataclass(frozen=True)
class TranscriptShown:
    state: str
    lines: list[list[Part]] = field(default_factory=list)
    text: str = ""
    engine: str = ""
    read_at: datetime | None = None
    error: str = ""

    @property
    def waiting(self) -> bool:
        return self.state == WAITING


def transcript_of(evidence: Evidence) -> Transcript | None:
    """The evidence's transcript, or None (not a picture, or uploaded while reading was off).
    Uses the row select_related("transcript") fetched with the evidence, when it did."""
    try:
        return evidence.transcript
    except Transcript.DoesNotExist:
        return None


def transcript_shown(
    evidence: Evidence, *, words: list[str] | None = None
) -> TranscriptShown | None:
    """The transcript as the evidence page shows it; None when there is none to show."""
    transcript = transcript_of(evidence)
    if transcript is None:
        return None
    if transcript.state in (TranscriptState.PENDING, TranscriptState.READING):
        return TranscriptShown(state=WAITING)
    if transcript.state == TranscriptState.FAILED:
        return TranscriptShown(state=FAILED, error=transcript.error, read_at=transcript.read_at)
    lines = [line for line in transcript.text.splitlines() if line.strip()]
    return TranscriptShown(
        state=DONE if lines else EMPTY,
        lines=[marked(line, words or []) for line in lines],
        text="\n".join(lines),
        engine=transcript.engine,
        read_at=transcript.read_at,
    )
