"""The one door through which files enter the vault: sniffing, limits, hashing, checks.

Files are judged by their bytes, never by their name or the browser's content type. The
SHA-256 is computed chunk by chunk as the bytes arrive, so a 500 MB video never sits in
memory and the hash describes exactly the bytes that were stored.
"""

import hashlib
import re
import time
import unicodedata
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import filetype
from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

try:  # HEIC/HEIF, the default photo format of iPhones.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a declared dependency
    pass

SNIFF_BYTES = 8192
HASH_CHUNK = 1024 * 1024
# Markup a browser could run, looked for where browsers sniff (the start of the file).
MARKUP_TOKENS = (b"<html", b"<script", b"<svg", b"<!doctype", b"<body", b"<iframe", b"<?php")
# PDF names that run code or carry other files; /JS only as a name followed by its value.
PDF_ACTIVE_CONTENT = re.compile(rb"/JavaScript|/JS[\s(<\[]|/Launch|/EmbeddedFile|/RichMedia")


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str
    category: str  # image, video, audio or document


ACCEPTED = {
    "image/jpeg": FileType("image/jpeg", "jpg", "image"),
    "image/png": FileType("image/png", "png", "image"),
    "image/webp": FileType("image/webp", "webp", "image"),
    "image/gif": FileType("image/gif", "gif", "image"),
    "image/heic": FileType("image/heic", "heic", "image"),
    "image/heif": FileType("image/heif", "heif", "image"),
    "application/pdf": FileType("application/pdf", "pdf", "document"),
    "video/mp4": FileType("video/mp4", "mp4", "video"),
    "video/quicktime": FileType("video/quicktime", "mov", "video"),
    "video/webm": FileType("video/webm", "webm", "video"),
    "audio/mpeg": FileType("audio/mpeg", "mp3", "audio"),
    "audio/mp4": FileType("audio/mp4", "m4a", "audio"),
    "audio/amr": FileType("audio/amr", "amr", "audio"),
    "audio/x-wav": FileType("audio/x-wav", "wav", "audio"),
}
# Types a browser shows inline; everything else is only ever sent as a download.
BROWSER_DISPLAYABLE = {"image/jpeg", "image/png", "image/webp", "image/gif"}


class RefusedFile(Exception):
    """A file the vault does not take; the message is for the consumer."""

    def __init__(self, message, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


REFUSED_TYPE = _(
    "This type of file is not accepted. Upload photos (JPEG, PNG, WebP, GIF, HEIC), "
    "PDF documents, videos (MP4, MOV, WebM) or recordings (MP3, M4A, AMR, WAV)."
)


REFUSED_MARKUP_IMAGE = _(
    "This picture carries web page code, which could be unsafe. Take the screenshot again "
    "or export the picture again, then upload it."
)
REFUSED_MARKUP_FILE = _(
    "This file carries web page code, which could be unsafe. Export or save it again, then "
    "upload it."
)


def _carries_markup(head: bytes) -> bool:
    """Markup where a browser that sniffs would find it and might run it: the first KB."""
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(token in start for token in MARKUP_TOKENS)


def _accepted_type(head: bytes) -> FileType | None:
    guess = filetype.guess(head)
    return None if guess is None else ACCEPTED.get(guess.mime)


def sniff(head: bytes) -> FileType | None:
    """What the first bytes say the file is, if it is a type the vault accepts and carries no
    markup a browser could run."""
    if _carries_markup(head):
        return None
    return _accepted_type(head)


def refusal(head: bytes) -> RefusedFile:
    """Why `sniff` turned these first bytes down, said so a person knows what to do: a real
    photo with web page code hidden in it (a JPEG comment, say) is told so, not that photos
    are not accepted."""
    file_type = _accepted_type(head)
    if file_type is not None and _carries_markup(head):
        if file_type.category == "image":
            return RefusedFile(REFUSED_MARKUP_IMAGE, "markup")
        return RefusedFile(REFUSED_MARKUP_FILE, "markup")
    return RefusedFile(REFUSED_TYPE, "type")


def size_limit(file_type: FileType) -> int:
    return settings.EVIDENCE_MAX_BYTES[file_type.category]


def sanitise_filename(name: str) -> str:
    """Keep the name a person gave the file as harmless text: no folders, no control codes."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > 120:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[:100]}.{extension[:15]}" if dot and stem else name[:120]
    return name or "file"


class ReceivedFile(TemporaryUploadedFile):
    """A file received into a temporary file, with what was learnt while receiving it."""

    name: str  # set by the Receiver, never None as File's may be
    size: int
    sha256: str
    file_type: FileType
    index: int = 0


class Receiver:
    """Receives one file chunk by chunk: sniffs the start, enforces the size, hashes as it goes."""

    def __init__(self, name: str, *, index: int = 0):
        self.name = sanitise_filename(name)
        self.index = index
        self._hasher = hashlib.sha256()
        self._head = b""
        self.size = 0
        self.hash_seconds = 0.0  # time spent hashing, reported in the upload log
        self.file_type: FileType | None = None
        self._file = ReceivedFile(self.name, "application/octet-stream", 0, None)

    def feed(self, chunk: bytes) -> None:
        if self.file_type is None and len(self._head) < SNIFF_BYTES:
            self._head += chunk[: SNIFF_BYTES - len(self._head)]
            if len(self._head) >= SNIFF_BYTES:
                self._decide_type()
        self.size += len(chunk)
        if self.file_type is not None and self.size > size_limit(self.file_type):
            self.discard()
            raise RefusedFile(self._too_large_message(), "too_large")
        started = time.perf_counter()
        self._hasher.update(chunk)
        self.hash_seconds += time.perf_counter() - started
        self._file.write(chunk)

    def finish(self) -> ReceivedFile:
        if self.size == 0:
            self.discard()
            raise RefusedFile(_("The file is empty (0 bytes)."), "empty")
        if self.file_type is None:
            self._decide_type()
        self._file.flush()
        self._file.seek(0)
        self._file.size = self.size
        self._file.sha256 = self._hasher.hexdigest()
        self._file.file_type = self.file_type
        self._file.content_type = self.file_type.mime
        self._file.index = self.index
        return self._file

    def discard(self) -> None:
        """Delete what was received so far: nothing partial stays on disk."""
        self._file.close()

    def _decide_type(self) -> None:
        self.file_type = sniff(self._head)
        if self.file_type is None:
            self.discard()
            raise refusal(self._head)

    def _too_large_message(self):
        limit_mb = size_limit(self.file_type) // (1024 * 1024)
        return _("The file is larger than %(limit)s MB, the limit for this type of file.") % {
            "limit": limit_mb
        }


def receive_stream(stream, name: str) -> ReceivedFile:
    """Receive a file that did not come through an HTTP upload (demo data, imports)."""
    receiver = Receiver(name)
    while chunk := stream.read(HASH_CHUNK):
        receiver.feed(chunk)
    return receiver.finish()


def check_content(path: str, file_type: FileType) -> None:
    """Look inside the file: refuse broken or booby-trapped content that has a valid start."""
    if file_type.category == "image":
        _check_image(path)
    elif file_type.mime == "application/pdf":
        _check_pdf(path)


@contextmanager
def _strict_decoding():
    """Make a truncated picture an error whatever another library set for the process."""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _check_image(path: str) -> None:
    limit = settings.EVIDENCE_MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > limit:
                raise RefusedFile(
                    _("The picture is too large in pixels to be a photo or screenshot."), "bomb"
                )
            image.verify()
        with warnings.catch_warnings(), _strict_decoding():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except RefusedFile:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise RefusedFile(
            _("The picture is too large in pixels to be a photo or screenshot."), "bomb"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise RefusedFile(
            _("The picture is damaged or incomplete. Upload the original from your phone."),
            "damaged",
        ) from None


def _check_pdf(path: str) -> None:
    overlap = b""
    with open(path, "rb") as pdf:
        while chunk := pdf.read(HASH_CHUNK):
            window = overlap + chunk
            if PDF_ACTIVE_CONTENT.search(window):
                raise RefusedFile(
                    _(
                        "This PDF contains scripts or embedded files. Print it to a new PDF "
                        "or take screenshots instead."
                    ),
                    "pdf_active",
                )
            overlap = window[-32:]
        pdf.seek(max(0, pdf.tell() - 2048))
        if b"%%EOF" not in pdf.read():
            raise RefusedFile(
                _("The PDF is damaged or incomplete. Download it again and upload it."),
                "damaged",
            )


def sha256_of(stream) -> str:
    """Hash a stored file in chunks, as `sha256sum` would."""
    hasher = hashlib.sha256()
    while chunk := stream.read(HASH_CHUNK):
        hasher.update(chunk)
    return hasher.hexdigest()


# EXIF tags (numbers from the EXIF 2.3 standard).
_MAKE, _MODEL, _ORIENTATION, _DATETIME = 0x010F, 0x0110, 0x0112, 0x0132
_EXIF_IFD, _GPS_IFD, _DATETIME_ORIGINAL = 0x8769, 0x8825, 0x9003


def read_exif(path: str) -> dict:
    """Capture time, device, orientation and whether a GPS position is embedded."""
    try:
        with Image.open(path) as image:
            exif = image.getexif()
    except (UnidentifiedImageError, OSError, ValueError):
        return {}
    if not exif:
        return {}
    sub = exif.get_ifd(_EXIF_IFD)
    gps = exif.get_ifd(_GPS_IFD)
    facts = {
        "captured_at": _exif_datetime(sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)),
        "make": _text(exif.get(_MAKE)),
        "model": _text(exif.get(_MODEL)),
        "orientation": exif.get(_ORIENTATION),
        "has_gps": bool(gps),
    }
    return {key: value for key, value in facts.items() if value not in (None, "")}


def image_size(path: str) -> tuple[int, int] | None:
    """Width and height of a picture as it is meant to be seen (EXIF orientation applied)."""
    try:
        with Image.open(path) as image:
            width, height = image.size
            orientation = image.getexif().get(_ORIENTATION)
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    if orientation in (5, 6, 7, 8):  # turned a quarter: the stored width is the height
        width, height = height, width
    return width, height


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value or "").strip("\x00 ")[:60]


def _exif_datetime(value) -> str | None:
    """EXIF times have no zone; phones write local time, which for our users is China's."""
    try:
        return datetime.strptime(_text(value), "%Y:%m:%d %H:%M:%S").isoformat()  # noqa: DTZ007
    except ValueError:
        return None


def upright(image: Image.Image) -> Image.Image:
    """Turn a photo the way the camera meant it (EXIF orientation)."""
    return ImageOps.exif_transpose(image)
