"""Text that people type, checked before it is kept and printed. Pure functions."""

import unicodedata

# Line breaks and tabs are part of a letter; every other control character is not text.
_ALLOWED_IN_LETTERS = frozenset("\n\r\t")


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """True when the text holds a control or format character (NUL, escape, a bidi override…)
    that would print as nothing or reorder what a merchant, 12315 or a court reads."""
    allowed = _ALLOWED_IN_LETTERS if multiline else frozenset()
    return any(
        unicodedata.category(character) in {"Cc", "Cf"} and character not in allowed
        for character in text
    )
