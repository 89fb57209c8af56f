"""The case page's sections, each its own URL: tests read the one that shows what they check."""

from django.urls import reverse

# URL names of the sections, in the order of the tabs.
SECTIONS = ("cases:detail", "cases:evidence", "cases:timeline", "cases:files", "cases:more")


def section(case, name: str) -> str:
    """The URL of one section: "detail" (next step), "evidence", "timeline", "files", "more"."""
    return reverse(f"cases:{name}", args=[case.reference])


def every_section(case) -> list[str]:
    return [reverse(name, args=[case.reference]) for name in SECTIONS]
