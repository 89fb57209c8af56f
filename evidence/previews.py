"""Small pictures of evidence for the case page, made once and kept.

Photos get a JPEG thumbnail turned upright (EXIF orientation); HEIC photos also get a
larger JPEG preview because browsers cannot show HEIC; videos get a poster frame when
ffmpeg is installed. Anything else shows a generic icon. Every picture also gets a print
rendition for the dossiers, made after upload by a task (or by the dossier if missing).
"""

import io
import logging
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from .integrity import BROWSER_DISPLAYABLE, upright
from .models import Evidence
from .storage import evidence_storage

logger = logging.getLogger(__name__)

THUMBNAIL_SIZE = (480, 480)
PREVIEW_SIZE = (1600, 1600)
FFMPEG_TIMEOUT_SECONDS = 30


def _jpeg_of(
    image: Image.Image,
    size: tuple[int, int],
    *,
    quality: int = 82,
    resample: Image.Resampling = Image.Resampling.BICUBIC,
    optimize: bool = True,
) -> bytes:
    image = upright(image)
    image.thumbnail(size, resample=resample)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=optimize)
    return buffer.getvalue()


def _render(evidence: Evidence, size: tuple[int, int]) -> bytes:
    with evidence_storage.open(evidence.file.name, "rb") as stored, Image.open(stored) as image:
        # JPEG draft mode decodes at a reduced scale: far faster than a full decode.
        image.draft("RGB", size)
        return _jpeg_of(image, size)


def _poster_frame(evidence: Evidence) -> bytes | None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        try:
            source = evidence_storage.path(evidence.file.name)
        except NotImplementedError:  # object storage: fetch a local copy first
            source = f"{folder}/source"
            with (
                evidence_storage.open(evidence.file.name, "rb") as stored,
                open(source, "wb") as copy,
            ):
                shutil.copyfileobj(stored, copy)
        target = f"{folder}/poster.jpg"
        command = [ffmpeg, "-nostdin", "-loglevel", "error", "-i", source, "-frames:v", "1",
                   "-vf", "thumbnail,scale=480:-2", "-y", target]  # fmt: skip
        try:
            subprocess.run(command, check=True, timeout=FFMPEG_TIMEOUT_SECONDS, capture_output=True)
            with open(target, "rb") as poster:
                return poster.read()
        except (subprocess.SubprocessError, OSError) as error:
            logger.info("no poster frame for evidence %s: %s", evidence.public_id, error)
            return None


def ensure_thumbnail(evidence: Evidence) -> bool:
    """Make the thumbnail (and HEIC preview) if it does not exist yet; True when there is one."""
    if evidence.thumbnail:
        return True
    if evidence.preview_failed:
        return False
    data = preview = None
    try:
        if evidence.category == "image":
            data = _render(evidence, THUMBNAIL_SIZE)
            if evidence.content_type not in BROWSER_DISPLAYABLE:
                preview = _render(evidence, PREVIEW_SIZE)
        elif evidence.category == "video":
            data = _poster_frame(evidence)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        logger.warning("thumbnail failed for evidence %s: %s", evidence.public_id, error)
    if data is None:
        Evidence.objects.filter(pk=evidence.pk).update(preview_failed=True)
        evidence.preview_failed = True
        return False
    evidence.thumbnail.save("thumb.jpg", ContentFile(data), save=False)
    if preview is not None:
        evidence.preview.save("preview.jpg", ContentFile(preview), save=False)
    Evidence.objects.filter(pk=evidence.pk).update(
        thumbnail=evidence.thumbnail.name, preview=evidence.preview.name or ""
    )
    return True


PRINT_LONG_EDGE = 1600
PRINT_QUALITY = 80


def _print_jpeg(evidence: Evidence) -> bytes:
    """The picture at print size: decoded at reduced scale (JPEG draft), upright, ~1600 px."""
    with evidence_storage.open(evidence.file.name, "rb") as stored, Image.open(stored) as image:
        width, height = image.size
        ratio = min(1.0, PRINT_LONG_EDGE / max(width, height))
        image.draft("RGB", (max(1, int(width * ratio)), max(1, int(height * ratio))))
        # Draft decoding already halved the picture; bilinear finishes the last step cheaply.
        return _jpeg_of(
            image,
            (PRINT_LONG_EDGE, PRINT_LONG_EDGE),
            quality=PRINT_QUALITY,
            resample=Image.Resampling.BILINEAR,
            optimize=False,
        )


def missing_print_renditions(evidence: list[Evidence]) -> list[Evidence]:
    return [item for item in evidence if item.category == "image" and not item.print_rendition]


@contextmanager
def print_renditions_in_background(evidence: list[Evidence]):
    """Start making the missing print renditions on every core; yields {evidence pk: future}.

    Pillow decodes and resizes outside the GIL, so the renditions are made while the caller
    goes on (a dossier lays out its text meanwhile). On exit the finished ones are saved.
    """
    missing = missing_print_renditions(evidence)
    if not missing:
        yield {}
        return
    with ThreadPoolExecutor(max_workers=min(len(missing), os.cpu_count() or 1)) as pool:
        futures = {item.pk: pool.submit(_safe_print_jpeg, item) for item in missing}
        yield futures
    stored = []
    for item in missing:
        data = futures[item.pk].result()
        if data is not None:
            item.print_rendition.save("print.jpg", ContentFile(data), save=False)
            stored.append(item)
    Evidence.objects.bulk_update(stored, ["print_rendition"], batch_size=200)


def ensure_print_renditions(evidence: list[Evidence]) -> None:
    """Make the missing print renditions now, several at once."""
    with print_renditions_in_background(evidence):
        pass


def _safe_print_jpeg(evidence: Evidence) -> bytes | None:
    try:
        return _print_jpeg(evidence)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        logger.warning("no print rendition for evidence %s: %s", evidence.public_id, error)
        return None
