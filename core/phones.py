"""Phone numbers as Chinese consumers type them.

Pure functions, no database: used by sign-up (mainland mobiles), by the timeline
(numbers a consumer dialled: mobiles, landlines, 400/800 lines, 95xxx and 123xx hotlines) and
by redaction (`phone_spans`: where a mobile or landline number is printed in a line of text).
"""

import re

_SEPARATORS = re.compile(r"[\s\-()（）]")
_MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_DIALLED = [
    _MAINLAND_MOBILE,
    re.compile(r"^0\d{2,3}\d{7,8}(\d{1,6})?$"),  # landline with area code, optional extension
    re.compile(r"^[48]00\d{7}$"),  # 400 / 800 service lines
    re.compile(r"^95\d{3,6}$"),  # 95xxx company hotlines
    re.compile(r"^1\d{4}$"),  # five-digit public hotlines such as 12315, 12345
    re.compile(r"^\d{7,8}$"),  # local landline without area code
]


# Printed in running text (an order page, a chat): a mobile whole or masked as apps show it
# (138****1234, 138 1234 5678, +86 138-1234-5678), or a landline with its area code.
_MOBILE_SHOWN = r"1[3-9\d*＊][\d*＊][ -]?[\d*＊]{4}[ -]?[\d*＊]{4}"
_LANDLINE_SHOWN = r"0\d{2,3}[ -]?[2-9]\d{6,7}(?:[ -]?(?:转|ext\.?)?[ -]?\d{1,6})?"
_PHONE_IN_TEXT = re.compile(
    rf"(?<!\d)(?:(?:\+|＋)?86[ -]?)?(?:{_MOBILE_SHOWN}|{_LANDLINE_SHOWN})(?![\d*＊])"
)


def _strip(raw: str) -> str:
    value = _SEPARATORS.sub("", raw or "").replace("＋", "+")
    for prefix in ("+86", "0086"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    return value


def normalise_mobile(raw: str) -> str | None:
    """A mainland mobile number as 11 digits, or None: `1[3-9]` followed by nine digits."""
    value = _strip(raw)
    return value if _MAINLAND_MOBILE.match(value) else None


def normalise_dialled_number(raw: str) -> str | None:
    """A number someone in China can dial (mobile, landline, 400/800, 95xxx, 123xx), or None."""
    value = _strip(raw)
    if value.startswith("+"):
        return None
    return value if any(pattern.match(value) for pattern in _DIALLED) else None


def looks_like_phone(raw: str) -> bool:
    """True when the text is made of digits and phone punctuation only (not an email)."""
    value = _strip(raw)
    return bool(value) and value.lstrip("+").isdigit()


def format_number(number: str) -> str:
    """Group a normalised number the way it is printed in China: 138 0013 8000, 021-53395288."""
    if _MAINLAND_MOBILE.match(number):
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if re.match(r"^[48]00\d{7}$", number):
        return f"{number[:3]}-{number[3:6]}-{number[6:]}"
    if number.startswith("0") and len(number) >= 10:
        # Beijing, Shanghai, Tianjin, Chongqing and 02x cities have three-digit area codes.
        area = 3 if number[1] in "12" else 4
        return f"{number[:area]}-{number[area:]}"
    return number


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Where mobile and landline numbers are printed in a line of text: (start, end) indexes.

    A mobile counts whole or masked (what is shown of it is still the consumer's): 1, then
    ten digits or mask stars, with at least seven digits or the shape 1xx****xxxx. A run of
    digits inside a longer one (an order number) is not a phone."""
    spans = []
    for match in _PHONE_IN_TEXT.finditer(text or ""):
        value = _strip(match.group()).replace("＊", "*")
        if "*" in value:
            if not value.startswith("1") or sum(c.isdigit() for c in value) < 4:
                continue
        elif not (normalise_mobile(value) or re.match(r"^0\d{9,11}", value)):
            continue
        spans.append(match.span())
    return spans
