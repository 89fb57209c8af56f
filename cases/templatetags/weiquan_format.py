"""Formatting the way Chinese consumers read it: ¥1,234.50 and 2026年11月23日."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from cases.events import FROM_STAGE, TO_STAGE, ShownFact, shown_facts

register = template.Library()


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
def event_facts(event) -> list[ShownFact]:
    """The labelled, formatted facts of an entry (label, value), in its kind's order.

    Every page and document that prints an entry's facts loops over this list, so what the
    timeline schema (cases.events) declares is what they all print.
    """
    return shown_facts(event.kind, event.data)


@register.filter
def stage_move(event) -> str:
    """A stage change as people read it: 与商家协商 → 平台售后 ("" for any other entry)."""
    data = event.data or {}
    if not (data.get(FROM_STAGE.key) and data.get(TO_STAGE.key)):
        return ""
    return f"{FROM_STAGE.display(data[FROM_STAGE.key])} → {TO_STAGE.display(data[TO_STAGE.key])}"


@register.filter
def facts_in_brackets(event) -> str:
    """An entry's facts for a letter's sentence: （售后单号/工单号：SH-1；客服工号：A-7）."""
    shown = shown_facts(event.kind, event.data)
    if not shown:
        return ""
    return "（" + "；".join(f"{fact.label}：{fact.value}" for fact in shown) + "）"


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


@register.filter
def event_when(event, fmt: str = "DATETIME_FORMAT") -> str:
    """When an entry happened, as precisely as the consumer said it: a day logged as
    "today" or "yesterday" prints without a time nobody gave."""
    moment = timezone.localtime(event.happened_at)
    if getattr(event, "time_known", True):
        return date_format(moment, fmt)
    return date_format(moment, "DATE_FORMAT" if fmt == "DATETIME_FORMAT" else fmt.split(" ")[0])
