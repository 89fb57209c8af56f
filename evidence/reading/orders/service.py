"""The reader joined to the directory and the OCR door: what the management command and the
case-from-screenshot path call."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .. import ocr
from .facts import OrderFacts
from .reader import read_order

# The words each app prints about itself on its pages, beyond the directory's names.
APP_WORDS = {
    "douyin": ("抖音", "抖店", "抖音商城", "抖音电商"),
    "tmall": ("天猫", "TMALL", "Tmall"),
    "taobao": ("淘宝",),
    "pinduoduo": ("拼多多",),
    "jd": ("京东",),
    "meituan": ("美团",),
    "kuaishou": ("快手", "快手小店"),
}


def platform_words(rows: Iterable[tuple[str, str]]) -> list[tuple[str, tuple[str, ...]]]:
    """(slug, name) rows of shopping platforms as (slug, the names a page may call it by)."""
    return [(slug, tuple(dict.fromkeys((*APP_WORDS.get(slug, ()), name)))) for slug, name in rows]


def shopping_platforms() -> list[tuple[str, tuple[str, ...]]]:
    """The directory's active shopping platforms, as `read_order` takes them."""
    from platforms.models import Platform, PlatformKind  # the pure reader loads without Django

    rows = Platform.objects.filter(kind=PlatformKind.SHOPPING, is_active=True)
    return platform_words(rows.values_list("slug", "name"))


def order_facts_of(
    reading: ocr.OcrReading | Sequence[ocr.OcrLine],
    *,
    platforms: Sequence[tuple[str, Sequence[str]]] | None = None,
) -> OrderFacts:
    """The order facts of a reading (or its lines, e.g. a Transcript's, via OcrLine.from_json)
    against the directory's shopping platforms."""
    lines = reading.lines if isinstance(reading, ocr.OcrReading) else reading
    return read_order(lines, platforms=shopping_platforms() if platforms is None else platforms)


def read_screenshot_bytes(
    data: bytes, *, platforms: Sequence[tuple[str, Sequence[str]]] | None = None
) -> OrderFacts:
    """Reads an uploaded screenshot: OCR through the door, then the reader. Raises
    ocr.OcrError when the bytes are not an image."""
    return order_facts_of(ocr.read_bytes(data), platforms=platforms)


def read_screenshot_file(
    path: str | Path, *, platforms: Sequence[tuple[str, Sequence[str]]] | None = None
) -> OrderFacts:
    """Reads a screenshot on disk (the management command). Raises ocr.OcrError when the file
    is not an image, OSError when it cannot be opened."""
    return read_screenshot_bytes(Path(path).read_bytes(), platforms=platforms)
