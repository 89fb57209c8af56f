"""Order facts read from an order screenshot: the facts (facts.py), the shapes a value must
have (shapes.py), the reader over OCR lines (reader.py, pure) and the door to it from a file,
bytes or a transcript against the platform directory (service.py)."""

from .facts import FIELDS, JSON_KEYS, OrderFacts
from .reader import read_order
from .service import (
    APP_WORDS,
    order_facts_of,
    platform_words,
    read_screenshot_bytes,
    read_screenshot_file,
    shopping_platforms,
)

__all__ = [
    "APP_WORDS",
    "FIELDS",
    "JSON_KEYS",
    "OrderFacts",
    "order_facts_of",
    "platform_words",
    "read_order",
    "read_screenshot_bytes",
    "read_screenshot_file",
    "shopping_platforms",
]
