"""The evidence app's models, by room: the vault (evidence and its custody log), the
dossiers, and what is read from the evidence. Every name is importable from here, as the
migrations and the rest of the code do."""

from .dossiers import Dossier, DossierState, DossierVariant, dossier_path
from .reading import (
    OrderScreenshot,
    RedactedCopy,
    ScreenshotState,
    Transcript,
    TranscriptState,
    redacted_copy_path,
    screenshot_upload_path,
)
from .vault import (
    CustodyAction,
    CustodyEntry,
    Evidence,
    EvidenceKind,
    RenditionsState,
    _evidence_storage,
    evidence_upload_path,
    thumbnail_path,
)

__all__ = [
    "CustodyAction",
    "CustodyEntry",
    "Dossier",
    "DossierState",
    "DossierVariant",
    "Evidence",
    "EvidenceKind",
    "OrderScreenshot",
    "RedactedCopy",
    "RenditionsState",
    "ScreenshotState",
    "Transcript",
    "TranscriptState",
    "_evidence_storage",
    "dossier_path",
    "evidence_upload_path",
    "redacted_copy_path",
    "screenshot_upload_path",
    "thumbnail_path",
]
