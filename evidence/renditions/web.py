"""Small pictures for the web pages: a JPEG thumbnail turned upright (EXIF orientation), a
larger JPEG preview for HEIC photos (browsers cannot show HEIC), and a poster frame for
videos when ffmpeg is installed. Made once, by the task queued after upload.

A picture is read once for its thumbnail and preview (and, through the renditions task, its
print rendition). ffmpeg reads a video from a pipe as it streams out of storage when the
video's index (an MP4's `moov` box) comes before its frames; otherwise it needs to seek, and
gets a temporary copy, bounded by the largest video an upload may be.
"""

import contextlib
import io
import logging
import shutil
import struct
import subprocess
import tempfile
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from ..integrity import BROWSER_DISPLAYABLE, upright
from ..models import Evidence
from ..storage import StorageUnavailable, evidence_storage, open_stream, read_head, read_whole

logger = logging.getLogger(__name__)

THUMBNAIL_SIZE = (480, 480)
PREVIEW_SIZE = (1600, 1600)
FFMPEG_TIMEOUT_SECONDS = 30
_COPY_CHUNK = 1024 * 1024
# What an ISO media file (MP4, MOV, 3GP) may start with; an old QuickTime file has no `ftyp`.
_ISO_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


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


def _scaled_jpeg(original: bytes, size: tuple[int, int]) -> bytes:
    with Image.open(io.BytesIO(original)) as image:
        # JPEG draft mode decodes at a reduced scale: far faster than a full decode.
        image.draft("RGB", size)
        return _jpeg_of(image, size)


def index_first(head: bytes) -> bool:
    """Whether ffmpeg can read this video front to back: not an ISO media file (MP4, MOV;
    WebM and the like stream), or one whose `moov` box comes before its `mdat`. Unknown
    (the boxes run past the head) counts as no."""
    if head[4:8] not in _ISO_BOXES:
        return True
    offset = 0
    while offset + 8 <= len(head):
        size, kind = struct.unpack(">I4s", head[offset : offset + 8])
        if kind == b"moov":
            return True
        if kind == b"mdat":
            return False
        if size == 1 and offset + 16 <= len(head):
            size = struct.unpack(">Q", head[offset + 8 : offset + 16])[0]
        if size < 8:
            return False
        offset += size
    return False


def _ffmpeg(ffmpeg: str, source: str, stdin=None) -> bytes:
    """ffmpeg's poster frame as JPEG bytes on its stdout; `stdin` (a stored file) is fed to
    it from a thread while it reads. Killed after FFMPEG_TIMEOUT_SECONDS."""
    command = [ffmpeg, "-loglevel", "error", "-i", source, "-frames:v", "1",
               "-vf", "thumbnail,scale=480:-2", "-f", "image2", "-c:v", "mjpeg",
               "pipe:1"]  # fmt: skip
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        killer = threading.Timer(FFMPEG_TIMEOUT_SECONDS, process.kill)
        killer.start()
        feeder = None
        outage: list[StorageUnavailable] = []
        if stdin is not None:
            feeder = threading.Thread(
                target=_feed, args=(stdin, process.stdin, outage), daemon=True
            )
            feeder.start()
        output = process.stdout
        assert output is not None  # stdout=PIPE
        try:
            poster = output.read()
            process.wait()
        finally:
            killer.cancel()
            if feeder is not None:
                feeder.join()
            output.close()
        if outage:  # storage went away mid-video: not the video's fault, try again later
            raise outage[0]
        if process.returncode != 0 or not poster:
            errors.seek(0)
            raise subprocess.CalledProcessError(process.returncode, command, poster, errors.read())
    return poster


def _feed(stored, pipe, outage: list[StorageUnavailable]) -> None:
    """Copy the video into ffmpeg's stdin until the end or until ffmpeg stops reading."""
    try:
        while chunk := stored.read(_COPY_CHUNK):
            pipe.write(chunk)
    except StorageUnavailable as error:
        outage.append(error)
    except (BrokenPipeError, ValueError, OSError):
        pass  # ffmpeg had what it needed (or gave up): its exit status tells
    finally:
        with contextlib.suppress(OSError):
            pipe.close()


def _poster_frame(evidence: Evidence) -> bytes | None:
    """A frame ffmpeg picks as typical, 480 px wide, or None. The video streams into ffmpeg
    through a pipe; only a video that must be seeked is copied to a temporary file first,
    never larger than the video upload limit."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    name = evidence.file.name
    try:
        if index_first(read_head(name, 64 * 1024)):
            with open_stream(name) as stored:
                return _ffmpeg(ffmpeg, "pipe:0", stdin=stored)
        limit = settings.EVIDENCE_MAX_BYTES["video"]
        with tempfile.NamedTemporaryFile(suffix=".video") as copy:
            with open_stream(name) as stored:
                copied = 0
                while (chunk := stored.read(_COPY_CHUNK)) and copied <= limit:
                    copy.write(chunk)
                    copied += len(chunk)
            if copied > limit:
                logger.info("no poster frame for evidence %s: over the limit", evidence.public_id)
                return None
            copy.flush()
            return _ffmpeg(ffmpeg, copy.name)
    except (subprocess.SubprocessError, OSError) as error:
        logger.info("no poster frame for evidence %s: %s", evidence.public_id, error)
        return None


def thumbnail_make(evidence: Evidence, *, original: bytes | None = None) -> bool:
    """Make the thumbnail (and a HEIC photo's preview, a video's poster) unless it exists;
    True when there is one afterwards.

    Safe to run twice, even at once: the row is claimed with a conditional UPDATE, and the
    files of the run that lost are deleted. A picture that cannot be decoded is marked
    `preview_failed` and shows the generic icon. `original`: the picture's bytes, when the
    caller read them already.
    """
    if evidence.thumbnail:
        return True
    if evidence.preview_failed or evidence.category not in ("image", "video"):
        return False
    data = preview = None
    try:
        if evidence.category == "image":
            if original is None:
                original = read_whole(evidence.file.name)
            data = _scaled_jpeg(original, THUMBNAIL_SIZE)
            if evidence.content_type not in BROWSER_DISPLAYABLE:
                preview = _scaled_jpeg(original, PREVIEW_SIZE)
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
