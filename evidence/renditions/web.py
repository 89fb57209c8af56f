"""Small pictures for the web pages: a JPEG thumbnail turned upright (EXIF orientation), a
larger JPEG preview for HEIC photos (browsers cannot show HEIC), and a poster frame for
videos when ffmpeg is installed. Made once, by the task queued after upload.
"""

import io
import logging
import shutil
import subprocess
import tempfile

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from ..integrity import BROWSER_DISPLAYABLE, upright
from ..models import Evidence
from ..storage import evidence_storage

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


def _scaled_jpeg(evidence: Evidence, size: tuple[int, int]) -> bytes:
    with evidence_storage.open(evidence.file.name, "rb") as stored, Image.open(stored) as image:
        # JPEG draft mode decodes at a reduced scale: far faster than a full decode.
        image.draft("RGB", size)
        return _jpeg_of(image, size)


def _poster_frame(evidence: Evidence) -> bytes | None:
    """A frame ffmpeg picks as typical, 480 px wide. ffmpeg needs a seekable file, so the
    video is first copied out of storage (through the storage API: local disk or S3 alike)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = f"{folder}/source"
        with evidence_storage.open(evidence.file.name, "rb") as stored, open(source, "wb") as copy:
            shutil.copyfileobj(stored, copy, 1024 * 1024)
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


def thumbnail_make(evidence: Evidence) -> bool:
    """Make the thumbnail (and a HEIC photo's preview, a video's poster) unless it exists;
    True when there is one afterwards.

    Safe to run twice, even at once: the row is claimed with a conditional UPDATE, and the
    files of the run that lost are deleted. A picture that cannot be decoded is marked
    `preview_failed` and shows the generic icon.
    """
    if evidence.thumbnail:
        return True
    if evidence.preview_failed or evidence.category not in ("image", "video"):
        return False
    data = preview = None
    try:
        if evidence.category == "image":
            data = _scaled_jpeg(evidence, THUMBNAIL_SIZE)
            if evidence.content_type not in BROWSER_DISPLAYABLE:
                preview = _scaled_jpeg(evidence, PREVIEW_SIZE)
        else:
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
    claimed = Evidence.objects.filter(pk=evidence.pk, thumbnail="").update(
        thumbnail=evidence.thumbnail.name, preview=evidence.preview.name or ""
    )
    if claimed:
        return True
    # Another run got there first (keep its files, drop ours), or the evidence is gone.
    for field in (evidence.thumbnail, evidence.preview):
        if field:
            evidence_storage.delete(field.name)
    stored = Evidence.objects.filter(pk=evidence.pk).values_list("thumbnail", "preview").first()
    evidence.thumbnail, evidence.preview = stored or ("", "")
    return stored is not None
