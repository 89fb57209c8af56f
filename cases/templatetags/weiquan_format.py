"""Formatting the way Chinese consumers read it: ¥1,234.50 and 2026年11月23日."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models import Outcome, Stage
from core.phones import format_number

register = template.Library()

FACT_LABELS = {
    "number_dialled": _("Number dialled"),
    "agent_id": _("Agent ID (工号)"),
    "promise": _("Promised"),
    "promised_by": _("Promised by"),
    "ticket_number": _("Ticket number"),
    "complaint_number": _("Complaint number"),
    "report_number": _("Report number"),
    "court_case_number": _("Court case number"),
}


@register.filter
def cny(value) -> str:
    """¥1,234.50 with thousands separators and two decimals, whatever the language."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


@register.simple_tag
def event_facts(event) -> list[tuple[str, str]]:
    """The labelled facts of an event, in a stable order, for display."""
    data = event.data or {}
    shown = []
    for key, label in FACT_LABELS.items():
        value = data.get(key)
        if not value:
            continue
        if key == "promised_by":
            value = date_format(date.fromisoformat(value), "DATE_FORMAT")
        elif key == "number_dialled":
            value = format_number(value)
        shown.append((str(label), value))
    return shown


@register.filter
def stage_label(value: str) -> str:
    try:
        return str(Stage(value).label)
    except ValueError:
        return value


@register.filter
def outcome_label(value: str) -> str:
    try:
        return str(Outcome(value).label)
    except ValueError:
        return value


@register.filter
def clause(text: str) -> str:
    """A typed note without its closing punctuation, so a letter can end the sentence itself."""
    return (text or "").strip().rstrip("。.！!？?；;，, ")


@register.filter
def minutes(duration) -> int:
    """A timedelta as whole minutes, rounded up (a lockout of 14 m 30 s says 15)."""
    if duration is None:
        return 0
    return max(1, -(-int(duration.total_seconds()) // 60))
