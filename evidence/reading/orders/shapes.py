"""The shapes a value must have before it is believed: money, dates, order numbers.

Pure functions on strings, so what counts as a plausible value is tested without OCR. Each
returns None for anything it cannot read with certainty: the reader leaves that field empty.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

# The currency sign as OCR reads it: ¥ (U+00A5), ￥ (U+FFE5, NFKC folds it to ¥), or Y.
MONEY = re.compile(r"(?<![\d.])[-−]?[¥Y]?\s?(\d{1,3}(?:,\d{3})+|\d{1,7})(\.\d{1,2})?(?![\d.])")
DATE = re.compile(
    r"(?<!\d)(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
# How many digits each platform's order numbers have (Taobao/Tmall 18–19 since 2019,
# Douyin 19, JD 10–14 over the years); Pinduoduo's are the order day YYMMDD, a dash, 15 digits.
ORDER_DIGITS = {
    "taobao": (16, 20),
    "tmall": (16, 20),
    "douyin": (16, 20),
    "jd": (10, 14),
}
ANY_DIGITS = (10, 20)
PINDUODUO = re.compile(r"(?<!\d)(\d{6})-(\d{15})(?!\d)")
DIGITS = re.compile(r"(?<![\d-])(\d{10,20})(?![\d-])")
EARLIEST = date(2000, 1, 1)


def normalise(text: str) -> str:
    """Full-width forms folded to half-width (：→:, ￥→¥, ０→0), spaces removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def amounts_in(text: str) -> list[Decimal]:
    """Every sum of money in the text ("¥299.00", "299", "1,299.50"); a minus sign (a
    discount) is kept."""
    found = []
    for match in MONEY.finditer(normalise(text)):
        whole = match.group(1).replace(",", "")
        sign = "-" if match.group(0).lstrip()[:1] in "-−" else ""
        try:
            found.append(Decimal(sign + whole + (match.group(2) or "")))
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            continue
    return found


def parse_amount(text: str) -> Decimal | None:
    """The one positive sum of money in the text, to the cent; None when there is none, more
    than one, a negative one, or more than two decimals."""
    found = amounts_in(text)
    if len(found) != 1 or found[0] <= 0:
        return None
    return found[0].quantize(Decimal("0.01"))


def parse_date(text: str, *, today: date) -> date | None:
    """The one calendar date in the text: 2026-05-12, 2026/5/12, 2026年05月12日, with or
    without a time, with OCR's lost space ("2026-05-1213:45:10"). None when there is none, more
    than one, it is not a real day, is after today or before 2000."""
    text = unicodedata.normalize("NFKC", text)
    matches = list(DATE.finditer(text))
    if len(matches) != 1:
        return None
    match = matches[0]
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    # no space between the day and the time: only 2-digit days and hours are unambiguous
    glued = match.group(4) is not None and match.start(4) == match.end(3)
    if glued and (len(match.group(3)) != 2 or len(match.group(4)) != 2):
        return None
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if match.group(4) is not None and (int(match.group(4)) > 23 or int(match.group(5)) > 59):
        return None
    if found < EARLIEST or found > today:
        return None
    return found


def parse_order_number(text: str, *, platform: str | None = None) -> str | None:
    """The one order number in the text, if it has the shape of the platform's (any
    platform's when not known); None otherwise."""
    text = normalise(text)
    dashed = PINDUODUO.findall(text)
    plain = DIGITS.findall(text)
    if len(dashed) + len(plain) != 1:
        return None
    if dashed:
        if platform not in (None, "pinduoduo"):
            return None
        day, serial = dashed[0]
        return f"{day}-{serial}" if _plausible_day(day) else None
    low, high = ORDER_DIGITS.get(platform or "", ANY_DIGITS)
    number = plain[0]
    return number if low <= len(number) <= high else None


def looks_pinduoduo(text: str) -> bool:
    """Pinduoduo's order numbers are the only ones with a dash after the order day."""
    match = PINDUODUO.search(normalise(text))
    return bool(match) and _plausible_day(match.group(1))


def _plausible_day(yymmdd: str) -> bool:
    try:
        date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return False
    return True


def normalise_keep_spaces(text: str) -> str:
    """Full-width forms folded to half-width, one character for one (so that the characters'
    confidences still line up with the text)."""
    folded = unicodedata.normalize("NFKC", text)
    return folded if len(folded) == len(text) else text
