"""A case's human reference, `WQ-2026-000123`: the prefix, the year, a six-digit number.

Defined here once: the service that hands references out, the advisors' search box and the
shell commands all ask this module, and the prefix comes from settings.CASE_REFERENCE_PREFIX
(read when asked, never at import).
"""

import re

from django.conf import settings

NUMBER_DIGITS = 6


def format_reference(year: int, number: int) -> str:
    """The reference of the `number`-th case opened in `year`."""
    return f"{settings.CASE_REFERENCE_PREFIX}-{year:04d}-{number:0{NUMBER_DIGITS}d}"


def reference_pattern() -> re.Pattern[str]:
    """Matches a whole reference, in any letter case (people type `wq-2026-000123`)."""
    prefix = re.escape(settings.CASE_REFERENCE_PREFIX)
    return re.compile(rf"^{prefix}-\d{{4}}-\d{{{NUMBER_DIGITS}}}$", re.IGNORECASE)


def normalise_reference(term: str) -> str | None:
    """The reference as stored (the prefix as configured), or None when the text is not one."""
    term = term.strip()
    if not reference_pattern().match(term):
        return None
    prefix = settings.CASE_REFERENCE_PREFIX
    return prefix + term[len(prefix) :]
