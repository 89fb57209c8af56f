"""The OCR door: the only module that imports the OCR engine (rapidocr-onnxruntime, the
PP-OCRv4 Chinese detection and recognition models shipped inside its wheel, so nothing is
downloaded at run time).

The engine is loaded once per process, lazily, on the first read: a web process that only
queues work never loads it (STYLE.md 13). Workers warm it up as they start (evidence/tasks.py).

What it returns is plain data (`OcrReading`, `OcrLine`, `OcrChar`) in the pixels of the image
it was given, so the readers above it (order facts, excuses, redaction) never see the engine.
A long scrolling capture is read in overlapping tiles: the engine shrinks any image to 2,000 px
on its long side, which would make the text of a 1170×12,000 capture unreadable.
"""

from __future__ import annotations

import io
import math
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from PIL import Image, ImageOps

ENGINE = "rapidocr-onnxruntime"
MODEL = "PP-OCRv4 det + rec (ch), mobile v2.0 cls"
# A tile is at most this many times as tall as it is wide, and tiles overlap by OVERLAP px so
# a line cut by one tile's edge is whole in the next.
TILE_ASPECT = 2.2
OVERLAP = 200
# Lines read with less confidence than this are dropped by the engine itself.
TEXT_SCORE = 0.5
# Text is found in horizontal bands of the picture the engine reads (at most 2,000 px on its
# long side), each DETECT_BAND px tall and overlapping the next by at least DETECT_OVERLAP px,
# at full resolution. The detector's memory grows with its input: a 1170×2532 page detected
# whole (928×1984) takes up to 400 MB more while it runs, a band of it less than half of that,
# for about a sixth more detection time (docs/benchmarks.md, issue 18). Both are multiples of
# 32, the detector's step, and DETECT_BAND is its smallest side (736): a band is never resized.
DETECT_BAND = 768
DETECT_OVERLAP = 128
# A block this large or larger is mapped on its own and handed back to the system when freed
# (glibc's M_MMAP_THRESHOLD, fixed at 16 MiB; unset, glibc raises it as it goes, and the
# detector's large buffers then stay in a heap that grows with each picture's shapes).
MMAP_THRESHOLD = 16 * 1024 * 1024


class OcrError(Exception):
    """The image could not be read (not an image, or the engine failed on it)."""


@dataclass(frozen=True)
class OcrChar:
    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom
    confidence: float


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom
    confidence: float
    chars: tuple[OcrChar, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "box": list(self.box),
            "confidence": round(self.confidence, 4),
            "chars": [[c.text, list(c.box), round(c.confidence, 4)] for c in self.chars],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OcrLine:
        return cls(
            text=data["text"],
            box=_box4(data["box"]),
            confidence=float(data["confidence"]),
            chars=tuple(
                OcrChar(text=t, box=_box4(b), confidence=float(c))
                for t, b, c in data.get("chars", ())
            ),
        )


@dataclass(frozen=True)
class OcrReading:
    lines: tuple[OcrLine, ...]
    width: int
    height: int
    seconds: float
    engine: str = ENGINE
    model: str = MODEL

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _box4(values: Any) -> tuple[int, int, int, int]:
    left, top, right, bottom = (int(v) for v in values)
    return left, top, right, bottom


def engine_version() -> str:
    """What is recorded beside each transcript: the engine, its version and the models."""
    return f"{ENGINE} {metadata.version(ENGINE)}"


_engine: Any = None
_engine_lock = threading.Lock()


def _the_engine() -> Any:
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]

                _bound_the_heap()
                engine = RapidOCR(text_score=TEXT_SCORE)
                engine.text_det = _BandedDetection(engine.text_det)
                _engine = engine
    return _engine


_libc: Any = None  # glibc, once _bound_the_heap found it


def _bound_the_heap() -> None:
    """Large blocks straight from the system, so a read's peak is what it needs at once and
    not what the heap kept from earlier pictures (docs/benchmarks.md, issue 18). Only where
    the C library is glibc; elsewhere nothing changes."""
    global _libc
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(ctypes.c_int(-3), ctypes.c_int(MMAP_THRESHOLD))  # M_MMAP_THRESHOLD
        libc.malloc_trim  # noqa: B018 - present on glibc only
    except (OSError, AttributeError):
        return
    _libc = libc


def _give_back() -> None:
    """After a read: the heap's free pages go back to the system (glibc's malloc_trim)."""
    if _libc is not None:
        _libc.malloc_trim(0)


class _BandedDetection:
    """The engine's detector, run band by band down a tall picture (DETECT_BAND).

    A line is taken from a band only if it lies whole inside it, clear of an edge where the
    band was cut; overlapping bands by more than a line's height means every line is whole in
    one of them. A line whole in two bands is kept once, from the band where it lies farther
    from the cut. A picture too small to band is detected whole, as before."""

    CLEAR = 4  # px between a line and a cut edge for the line to count as whole

    def __init__(self, detector: Any) -> None:
        self.detector = detector

    def __getattr__(self, name: str) -> Any:  # the engine sets its thresholds on the detector
        return getattr(self.detector, name)

    def __call__(self, img: Any) -> tuple[Any, float]:
        import numpy as np

        height, width = img.shape[:2]
        if height < DETECT_BAND + DETECT_OVERLAP or width < DETECT_BAND:
            return self.detector(img)
        count = math.ceil((height - DETECT_OVERLAP) / (DETECT_BAND - DETECT_OVERLAP))
        starts = [round(i * (height - DETECT_BAND) / (count - 1)) for i in range(count)]
        found: list[tuple[float, Any]] = []  # (room to the nearest cut, box)
        seconds = 0.0
        for top in starts:
            bottom = top + DETECT_BAND
            boxes, spent = self.detector(img[top:bottom])
            seconds += spent
            for box in () if boxes is None else boxes:
                box = np.array(box, dtype="float32")
                box[:, 1] += top
                room = min(
                    box[:, 1].min() - top if top > 0 else math.inf,
                    bottom - box[:, 1].max() if bottom < height else math.inf,
                )
                if room >= self.CLEAR:
                    found.append((room, box))
        kept: list[Any] = []
        for _room, box in sorted(found, key=lambda item: -item[0]):
            if not any(_same_line(box, other) for other in kept):
                kept.append(box)
        if not kept:
            return None, seconds
        kept.sort(key=lambda box: (box[:, 1].min(), box[:, 0].min()))
        return np.stack(kept), seconds


def _same_line(a: Any, b: Any) -> bool:
    """Two boxes found for the same text: their bounds overlap by more than half."""
    left = max(a[:, 0].min(), b[:, 0].min())
    right = min(a[:, 0].max(), b[:, 0].max())
    top = max(a[:, 1].min(), b[:, 1].min())
    bottom = min(a[:, 1].max(), b[:, 1].max())
    if right <= left or bottom <= top:
        return False
    shared = (right - left) * (bottom - top)

    def area(box: Any) -> float:
        return float((box[:, 0].max() - box[:, 0].min()) * (box[:, 1].max() - box[:, 1].min()))

    return shared > 0.5 * min(area(a), area(b))


def warm_up() -> float:
    """Loads the engine and reads a blank image once; returns the seconds it took."""
    started = time.monotonic()
    read_image(Image.new("RGB", (64, 64), "white"))
    return time.monotonic() - started


def read_bytes(data: bytes) -> OcrReading:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception as error:
        raise OcrError(f"not an image: {error}") from error
    return read_image(image)


def read_image(image: Image.Image) -> OcrReading:
    """Every line of text in the picture, top to bottom, with its box and confidence, in the
    pixels of the picture as it is shown (EXIF orientation applied)."""
    started = time.monotonic()
    image = ImageOps.exif_transpose(image).convert("RGB")
    width, height = image.size
    tile = max(int(width * TILE_ASPECT), OVERLAP * 3)
    lines: list[OcrLine] = []
    top = 0
    while True:
        bottom = min(height, top + tile)
        piece = image if (top, bottom) == (0, height) else image.crop((0, top, width, bottom))
        keep_from = top + OVERLAP // 2 if top else 0
        keep_to = bottom - OVERLAP // 2 if bottom < height else height
        for line in _read_tile(piece, top):
            middle = (line.box[1] + line.box[3]) / 2
            if keep_from <= middle < keep_to:
                lines.append(line)
        if bottom >= height:
            break
        top = bottom - OVERLAP
    lines.sort(key=lambda line: (line.box[1], line.box[0]))
    _give_back()
    return OcrReading(
        lines=tuple(lines),
        width=width,
        height=height,
        seconds=time.monotonic() - started,
        engine=engine_version(),
    )


def _read_tile(piece: Image.Image, offset_y: int) -> list[OcrLine]:
    import numpy as np

    array = np.asarray(piece)[:, :, ::-1]  # the engine expects OpenCV's BGR order
    try:
        result, _ = _the_engine()(array, return_word_box=True)
    except Exception as error:
        raise OcrError(f"the OCR engine failed: {error}") from error
    lines = []
    for item in result or ():
        points, text, score = item[0], item[1], item[2]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        chars: list[OcrChar] = []
        if len(item) > 5 and item[3] and len(item[4]) == len(item[3]):
            for char_points, char, char_score in zip(item[3], item[4], item[5], strict=False):
                cx = [p[0] for p in char_points]
                cy = [p[1] for p in char_points]
                chars.append(
                    OcrChar(
                        text=char,
                        box=(
                            int(min(cx)),
                            int(min(cy)) + offset_y,
                            int(max(cx)),
                            int(max(cy)) + offset_y,
                        ),
                        confidence=float(char_score),
                    )
                )
        lines.append(
            OcrLine(
                text=str(text),
                box=(int(min(xs)), int(min(ys)) + offset_y, int(max(xs)), int(max(ys)) + offset_y),
                confidence=float(score),
                chars=tuple(chars),
            )
        )
    return lines
