"""Print renditions: each picture as the dossiers print it (about 1600 px, upright JPEG).

Made once by the task queued after upload and reused by every dossier; a dossier over a
picture whose rendition is missing makes it while it lays out its pages (see
`print_renditions_in_background`), since its geometry is known from the header alone.

Reads: the geometry from the file's first 64 KiB (a ranged read on S3; enough for a JPEG's
EXIF and frame header, else the whole file), then the original once, hashed in the same pass
so that a dossier need not read it again to verify it.
"""

import hashlib
import io
import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import simplejpeg
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from ..models import Evidence
from ..storage import evidence_storage, read_head, read_whole

logger = logging.getLogger(__name__)

_EXIF_ORIENTATION = 0x0112

PRINT_LONG_EDGE = 1600  # at most; A4 at about 230 dpi
PRINT_MIN_LONG_EDGE = 1100  # at least, so small print in screenshots stays legible
PRINT_QUALITY = 80
HEAD_BYTES = 64 * 1024  # a JPEG's EXIF (APP1, at most 64 KiB) and frame header fit
_SIDEWAYS = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_TURN_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class PrintGeometry:
    """Exactly what a print rendition will be, known from the file's header alone.

    `decode_size` is what to decode the stored pixels to (still sideways if the photo is):
    for JPEG, libjpeg-turbo scales by M/8 inside the DCT at no extra cost, so most phone
    photos (4000×3000 → 1500×1125) and screenshots need no resizing at all. `size` is the
    upright result.
    """

    decode_size: tuple[int, int]
    size: tuple[int, int]
    mode: str
    orientation: int
    turbo: bool  # decoded by libjpeg-turbo at decode_size (else by Pillow, then resized)


@dataclass(frozen=True)
class MadePrint:
    jpeg: bytes | None  # None when the picture could not be decoded
    sha256: str | None  # of the original as read for the rendition; None when it is gone


@dataclass(frozen=True)
class RenditionInTheMaking:
    geometry: PrintGeometry
    future: Future  # -> MadePrint


def _turbo_scaled(width: int, height: int) -> tuple[int, int]:
    """The largest M/8 scale that fits PRINT_LONG_EDGE, or the next one up if that would be
    smaller than PRINT_MIN_LONG_EDGE (then resized down)."""

    def scaled(eighths: int) -> tuple[int, int]:  # rounded up, as libjpeg does
        return -(-width * eighths // 8), -(-height * eighths // 8)

    fitting = [m for m in range(1, 9) if max(scaled(m)) <= PRINT_LONG_EDGE]
    if not fitting:
        return scaled(1)
    eighths = fitting[-1]
    if max(scaled(eighths)) < PRINT_MIN_LONG_EDGE and eighths < 8:
        eighths += 1
    return scaled(eighths)


def _print_geometry_of(image: Image.Image) -> PrintGeometry:
    orientation = image.getexif().get(_EXIF_ORIENTATION) or 1
    turbo = image.format == "JPEG" and image.mode in ("RGB", "L")
    decode_size = _turbo_scaled(*image.size) if turbo else image.size
    width, height = decode_size
    if orientation in _SIDEWAYS:
        width, height = height, width
    ratio = min(1.0, PRINT_LONG_EDGE / max(width, height))
    size = (max(1, round(width * ratio)), max(1, round(height * ratio)))
    mode = "L" if image.mode == "L" else "RGB"
    return PrintGeometry(decode_size, size, mode, orientation, turbo)


def _geometry_from(data: bytes) -> PrintGeometry:
    with Image.open(io.BytesIO(data)) as image:
        return _print_geometry_of(image)


def print_geometry(evidence: Evidence) -> PrintGeometry:
    """From the header alone when it tells (JPEG); else (a PNG without EXIF, whose EXIF
    Pillow looks for after the pixels) from the whole file."""
    head = read_head(evidence.file.name, HEAD_BYTES)
    if len(head) < HEAD_BYTES:  # that was the whole file
        return _geometry_from(head)
    try:
        return _geometry_from(head)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return _geometry_from(read_whole(evidence.file.name))


def _decode_for_print(stored, geometry: PrintGeometry) -> Image.Image:
    """The stored pixels at (about) decode_size, in the rendition's mode, not yet upright."""
    if geometry.turbo:
        width, height = geometry.decode_size
        pixels = simplejpeg.decode_jpeg(
            stored.read(),
            colorspace="GRAY" if geometry.mode == "L" else "RGB",
            min_width=width,
            min_height=height,
        )
        return Image.fromarray(pixels.squeeze())  # height×width(×3): L or RGB
    image = Image.open(stored)
    width, height = geometry.size
    if geometry.orientation in _SIDEWAYS:
        width, height = height, width
    image.draft(geometry.mode, (width, height))  # reduced-scale DCT for other JPEGs too
    if image.mode == geometry.mode:
        return image
    background = Image.new(geometry.mode, image.size, "white")
    if "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background.paste(rgba.convert(geometry.mode), mask=rgba.getchannel("A"))
    else:
        background.paste(image.convert(geometry.mode))
    return background


def _print_jpeg_of(original: bytes, geometry: PrintGeometry | None = None) -> bytes:
    """The picture at print size (1100–1600 px on the long edge), upright, as JPEG.

    The result has exactly the size and mode `print_geometry` promised, so a dossier can lay
    its pages out before the picture is ready.
    """
    geometry = geometry or _geometry_from(original)
    with io.BytesIO(original) as stored:
        picture = _decode_for_print(stored, geometry)
        if geometry.orientation in _TURN_UPRIGHT:
            picture = picture.transpose(_TURN_UPRIGHT[geometry.orientation])
        if picture.size != geometry.size:
            picture = picture.resize(geometry.size, Image.Resampling.BILINEAR)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=PRINT_QUALITY)
    return buffer.getvalue()


def _print_jpeg(evidence: Evidence) -> bytes:
    return _print_jpeg_of(read_whole(evidence.file.name))


def missing_print_renditions(evidence: list[Evidence]) -> list[Evidence]:
    return [item for item in evidence if item.category == "image" and not item.print_rendition]


@contextmanager
def print_renditions_in_background(evidence: list[Evidence]):
    """Start making the missing print renditions on every core; yields {evidence pk:
    RenditionInTheMaking}.

    Pillow decodes and resizes outside the GIL, so the renditions are made while the caller
    goes on (a dossier lays out its pages meanwhile). On a clean exit the finished ones are
    saved; if the caller raised, they are dropped.
    """
    missing = []
    for item in missing_print_renditions(evidence):
        try:
            missing.append((item, print_geometry(item)))
        except (UnidentifiedImageError, OSError, ValueError) as error:
            logger.warning("no print rendition for evidence %s: %s", item.public_id, error)
    if not missing:
        yield {}
        return
    with ThreadPoolExecutor(max_workers=min(len(missing), os.cpu_count() or 1)) as pool:
        jobs = {
            item.pk: RenditionInTheMaking(geometry, pool.submit(_made_print, item, geometry))
            for item, geometry in missing
        }
        yield jobs
    for item, _geometry in missing:
        made = jobs[item.pk].future.result()
        if made.jpeg is not None:
            _keep(item, made.jpeg)


def _keep(item: Evidence, data: bytes) -> None:
    """Store a finished rendition unless another run (the upload's task, another dossier)
    stored one meanwhile: the row is claimed with a conditional UPDATE, the loser's file goes."""
    item.print_rendition.save("print.jpg", ContentFile(data), save=False)
    claimed = Evidence.objects.filter(pk=item.pk, print_rendition="").update(
        print_rendition=item.print_rendition.name
    )
    if not claimed:
        evidence_storage.delete(item.print_rendition.name)
        stored = Evidence.objects.filter(pk=item.pk).values_list("print_rendition", flat=True)
        item.print_rendition = stored.first() or ""


def ensure_print_rendition(evidence: Evidence, *, original: bytes | None = None) -> None:
    """Make the evidence's print rendition now if it is missing. With no dossier to lay out,
    no geometry is read first: the original is read once, or not at all when the caller
    has its bytes already (the renditions task read them for the thumbnail)."""
    if missing_print_renditions([evidence]):
        made = _made_print(evidence, None, original=original)
        if made.jpeg is not None:
            _keep(evidence, made.jpeg)


def _made_print(
    evidence: Evidence, geometry: PrintGeometry | None, *, original: bytes | None = None
) -> MadePrint:
    """Read the original once (unless given), hash it and make its rendition from the same
    bytes. A storage outage is raised (the job is retried); a missing or undecodable file
    gives no rendition."""
    try:
        if original is None:
            original = read_whole(evidence.file.name)
    except FileNotFoundError as error:
        logger.warning("no print rendition for evidence %s: %s", evidence.public_id, error)
        return MadePrint(None, None)
    sha256 = hashlib.sha256(original).hexdigest()
    try:
        return MadePrint(_print_jpeg_of(original, geometry), sha256)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        logger.warning("no print rendition for evidence %s: %s", evidence.public_id, error)
        return MadePrint(None, sha256)
