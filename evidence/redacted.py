"""Redacted copies: a picture safe to share, made from an image evidence on its owner's ask.

The boxes come from the transcript (evidence/reading/redaction.py proposes them, the
consumer keeps, drops or adds some). They are drawn solid black onto the decoded pixels and
the picture is encoded afresh (PNG for a PNG, JPEG quality 90 otherwise), from a new image
that carries nothing of the original's metadata: no EXIF, no GPS, no XMP, no ICC profile (the
colours are converted to sRGB first), no text chunks, no transparency a viewer could lift.

Made in the POST that asks for it: drawing boxes on a decoded screenshot and encoding it
takes a fraction of a second and needs no OCR (the transcript was read after upload), so a
queue would only add a page that waits. The original is never written; the copy records its
own SHA-256 and the original's, and the custody log records that it was made.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from PIL import Image, ImageCms, ImageDraw, ImageOps

from accounts.models import User

from .models import CustodyAction, Evidence, RedactedCopy, Transcript, TranscriptState
from .reading import redaction
from .reading.ocr import OcrLine
from .reading.transcripts import picture_bytes
from .renditions import browser_preview_ready
from .storage import StorageUnavailable, evidence_storage, outage_as_unavailable
from .vault import custody_record

logger = logging.getLogger(__name__)

FILL = (0, 0, 0)
JPEG_QUALITY = 90
MAX_MANUAL_BOXES = 100
MAX_BOXES_FIELD = 20_000  # characters of the JSON the page sends
MIN_SIDE = 4  # px: a smaller box covers nothing readable and is most likely a slip


KIND_LABELS = {
    redaction.CoverKind.PHONE: pgettext_lazy("redaction", "Phone number"),
    redaction.CoverKind.ID_NUMBER: pgettext_lazy("redaction", "ID card number"),
    redaction.CoverKind.NAME: pgettext_lazy("redaction", "Name"),
    redaction.CoverKind.ADDRESS: pgettext_lazy("redaction", "Address"),
    redaction.CoverKind.ORDER_NUMBER: gettext_lazy("Order number"),
    redaction.CoverKind.MANUAL: pgettext_lazy("redaction", "Added by you"),
}


class RedactionRefused(Exception):
    """What the consumer asked for cannot be made; the message says why, in their words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Proposal:
    """What the 打码分享 page offers: the state of the reading and the boxes it found."""

    state: str  # "reading", "unread" (no transcript, or it failed), "empty", "found"
    covers: list[redaction.Cover]
    width: int | None
    height: int | None
    has_text: bool


def redactable(evidence: Evidence) -> bool:
    """A picture the page can show (a HEIC once its JPEG preview is made), still on its case."""
    return not evidence.is_removed and browser_preview_ready(evidence)


def redaction_proposal(evidence: Evidence) -> Proposal:
    """The boxes proposed from the evidence's transcript. Reads only."""
    transcript = Transcript.objects.filter(evidence=evidence).first()
    if transcript is None or transcript.state == TranscriptState.FAILED:
        return Proposal("unread", [], None, None, has_text=False)
    if transcript.state != TranscriptState.DONE:
        return Proposal("reading", [], None, None, has_text=False)
    lines = [OcrLine.from_json(line) for line in transcript.lines]
    covers = redaction.covers_for(lines)
    if transcript.width and transcript.height:
        covers = [
            redaction.Cover(
                c.id, c.kind, redaction.clip(c.box, transcript.width, transcript.height)
            )
            for c in covers
        ]
    return Proposal(
        "found" if covers else "empty",
        covers,
        transcript.width,
        transcript.height,
        has_text=bool(lines),
    )


def parse_manual_boxes(raw: str) -> list[redaction.Box]:
    """The boxes the consumer drew, as the page sends them: a JSON list of
    [left, top, right, bottom] in the picture's pixels. Sizes are checked against the
    picture when the copy is made."""
    raw = (raw or "").strip()
    if not raw:
        return []
    if len(raw) > MAX_BOXES_FIELD:
        raise RedactionRefused(_too_many())
    try:
        data = json.loads(raw)
    except ValueError:
        raise RedactionRefused(_malformed()) from None
    if not isinstance(data, list):
        raise RedactionRefused(_malformed())
    if len(data) > MAX_MANUAL_BOXES:
        raise RedactionRefused(_too_many())
    boxes = []
    for item in data:
        if (
            not isinstance(item, list)
            or len(item) != 4
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in item)
        ):
            raise RedactionRefused(_malformed())
        left, top, right, bottom = (round(v) for v in item)
        if right - left < MIN_SIDE or bottom - top < MIN_SIDE:
            raise RedactionRefused(
                _("An area you added has no size (or a negative one). Remove it and draw it again.")
            )
        boxes.append((left, top, right, bottom))
    return boxes


def burn(data: bytes, boxes: list[redaction.Box], *, png: bool) -> tuple[bytes, tuple[int, int]]:
    """The picture with each box filled solid, encoded afresh with no metadata; and its size.
    Boxes are in the pixels of the picture as shown (EXIF orientation applied)."""
    with Image.open(io.BytesIO(data)) as opened:
        opened.load()
        icc = opened.info.get("icc_profile")
        ImageOps.exif_transpose(opened, in_place=True)  # turned as shown; no copy if upright
        if opened.mode in {"RGBA", "LA", "PA"} or "transparency" in opened.info:
            rgba = opened.convert("RGBA")
            picture = Image.new("RGB", rgba.size, (255, 255, 255))
            picture.paste(rgba, mask=rgba.getchannel("A"))  # nothing hides under transparency
        else:
            picture = opened if opened.mode == "RGB" else opened.convert("RGB")
        if icc:
            picture = _to_srgb(picture, icc)
        # A new image holding only the pixels: none of the original's info (EXIF, XMP, ICC,
        # text chunks) can travel with it into the encoder.
        clean = Image.new("RGB", picture.size)
        clean.paste(picture)
    draw = ImageDraw.Draw(clean)
    for left, top, right, bottom in boxes:
        draw.rectangle((left, top, right - 1, bottom - 1), fill=FILL)
    out = io.BytesIO()
    if png:
        clean.save(out, "PNG", compress_level=1)  # fast: a few % larger than level 6
    else:
        clean.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0)
    return out.getvalue(), clean.size


def _to_srgb(picture: Image.Image, icc: bytes) -> Image.Image:
    """The colours as the embedded profile meant them (a Display P3 screenshot), in sRGB,
    which a picture with no profile is taken to be."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(
            picture, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return picture  # an unreadable profile: keep the pixels as they are
    return converted or picture


def redacted_copy_make(
    *,
    evidence: Evidence,
    chosen: list[str],
    order_numbers: bool,
    manual: list[redaction.Box],
    actor: User,
) -> RedactedCopy:
    """Make and store the copy with the chosen proposed boxes (by id; with `order_numbers`,
    every order number) and the consumer's own; record it in the custody log."""
    if not redactable(evidence):
        raise RedactionRefused(_("This file is not a picture that can be covered and shared."))
    proposal = redaction_proposal(evidence)
    wanted = set(chosen)
    covers = [
        cover
        for cover in proposal.covers
        if cover.id in wanted or (order_numbers and cover.kind == redaction.CoverKind.ORDER_NUMBER)
    ]
    if not covers and not manual:
        raise RedactionRefused(_("Choose at least one area to cover, or add one on the picture."))
    try:
        with outage_as_unavailable():
            data = picture_bytes(evidence)
    except (StorageUnavailable, OSError) as error:
        logger.warning("redacted copy of %s: the picture could not be read: %s", evidence.pk, error)
        raise RedactionRefused(_unavailable()) from error
    png = evidence.content_type == "image/png"
    # Decoded once: the proposed boxes are clipped to the picture when drawn, the boxes the
    # consumer drew must lie inside it (else nothing is stored).
    copy_bytes, (width, height) = burn(data, [c.box for c in covers] + manual, png=png)
    for left, top, right, bottom in manual:
        if left < 0 or top < 0 or right > width or bottom > height:
            raise RedactionRefused(
                _("An area you added lies outside the picture. Remove it and draw it again.")
            )
    boxes = [redaction.clip(c.box, width, height) for c in covers] + manual
    copy = RedactedCopy(
        evidence=evidence,
        content_type="image/png" if png else "image/jpeg",
        size=len(copy_bytes),
        boxes=[{"kind": str(c.kind), "box": list(b)} for c, b in zip(covers, boxes, strict=False)]
        + [{"kind": str(redaction.CoverKind.MANUAL), "box": list(b)} for b in manual],
        sha256=hashlib.sha256(copy_bytes).hexdigest(),
        original_sha256=evidence.sha256,
        created_by=actor,
    )
    try:
        with outage_as_unavailable():
            copy.file.save(".png" if png else ".jpg", ContentFile(copy_bytes), save=False)
    except (StorageUnavailable, OSError) as error:
        logger.warning("redacted copy of %s not stored: %s", evidence.pk, error)
        raise RedactionRefused(_unavailable()) from error
    try:
        with transaction.atomic():
            copy.save()
            custody_record(
                evidence=evidence,
                action=CustodyAction.REDACTED_COPY_MADE,
                actor=actor,
                copy=str(copy.public_id),
                original_sha256=evidence.sha256,
                copy_sha256=copy.sha256,
                boxes=len(boxes),
            )
    except BaseException:
        evidence_storage.delete(copy.file.name)
        raise
    return copy


def _malformed() -> str:
    return _("The areas to cover could not be read. Reload the page and try again.")


def _too_many() -> str:
    return _("Too many areas added: at most %(count)s.") % {"count": MAX_MANUAL_BOXES}


def _unavailable() -> str:
    return _("The evidence store cannot be reached right now. Try again in a few minutes.")
