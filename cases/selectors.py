"""Everything that reads cases for a page. Scoped to a user so other people's cases 404."""

import functools
from datetime import date
from types import MappingProxyType

from django.conf import settings
from django.db import connection, models
from django.db.models import Model, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation

from core.reference import ReferenceData
from platforms.models import ContactChannel
from platforms.selectors import directory_channels as _directory_channels

from .deadlines import WorkCalendar
from .excuses import Seen, seen_elsewhere, seen_in_entries
from .ladder import case_deadlines, directory_slugs
from .models import (
    WAITING_STATES,
    CalendarDay,
    Case,
    CaseEvent,
    HolidayNotice,
    Reminder,
    ReminderState,
)
from .overdue import Overdue, overdue_deadlines


def cases_for_owner(*, owner, status: str = "all") -> QuerySet[Case]:
    """The consumer's own cases, newest activity first; status is open, closed or all."""
    cases = Case.objects.filter(owner=owner).select_related("platform")
    if status == "open":
        cases = cases.filter(closed_on__isnull=True)
    elif status == "closed":
        cases = cases.filter(closed_on__isnull=False)
    return cases.order_by("-last_activity_at", "-id")


@functools.cache
def _tab_counts_sql() -> dict[str, str]:
    """Three indexed counts correlated to the case row, named from the models' metadata (the
    related apps are named, not imported, so cases stays below the apps that point at it)."""
    quote = connection.ops.quote_name
    assert Case._meta.pk is not None and Case._meta.pk.column
    case_id = f"{quote(Case._meta.db_table)}.{quote(Case._meta.pk.column)}"

    def count(related_name: str, condition: str) -> str:
        model = Case._meta.get_field(related_name).related_model
        assert isinstance(model, type) and issubclass(model, Model)
        field = model._meta.get_field("case")
        assert isinstance(field, models.ForeignKey) and field.column
        where = f"{quote(field.column)} = {case_id}" + (f" AND {condition}" if condition else "")
        return f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} WHERE {where}"

    return {
        "evidence_count": count("evidence", f"{quote('removed_at')} IS NULL"),
        "entry_count": count("events", f"{quote('hidden_at')} IS NULL"),
        "dossier_count": count("dossiers", ""),
    }


def case_with_counts(*, owner) -> QuerySet[Case]:
    """The owner's cases with what the case page's tabs count: evidence kept, entries shown
    (the system's own included) and case files made, in the same query as the case. Raw
    subqueries, because the ORM took longer to build them as Subquery expressions (about
    4 ms on every view of the case page) than the database takes to answer them (0.15 ms)."""
    return cases_for_owner(owner=owner).annotate(
        **{name: RawSQL(sql, ()) for name, sql in _tab_counts_sql().items()}
    )


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    """Visible entries of a case with who wrote them and their earlier versions."""
    return (
        case.events.filter(hidden_at__isnull=True)
        .select_related("actor")
        .prefetch_related(Prefetch("revisions", to_attr="earlier_versions"))
        .order_by("-happened_at", "-id")
    )


def case_excuses(*, case: Case) -> list[Seen]:
    """The merchant's refusals found in the case, with where: the timeline entry (its id) or
    the evidence file (its number, from the evidence app's transcripts)."""
    entries = seen_in_entries(case_timeline(case=case))
    return [*entries, *seen_elsewhere(case=case)]


# The official calendar, kept per process until an advisor changes a notice or a day (the
# app's `ready()` names the models whose writes move its version).
CALENDAR = ReferenceData("calendar")


def work_calendar() -> WorkCalendar:
    """The official days advisors entered, for `deadlines.WorkCalendar`: this process's copy
    (one query for its version), read afresh once a notice or a day changed. A calendar of
    its own each time, since it notes whether an answer was provisional."""
    days, years = CALENDAR.get("days", _official_days)
    return WorkCalendar(official_days=days, notice_years=years)


def _official_days() -> tuple[MappingProxyType, frozenset[int]]:
    days = {
        day: is_workday for day, is_workday in CalendarDay.objects.values_list("date", "is_workday")
    }
    years = frozenset(HolidayNotice.objects.values_list("year", flat=True))
    return MappingProxyType(days), years


def ladder_channels(*, case: Case) -> dict[str, list[ContactChannel]]:
    """The directory entries the ladder may point to for this case (ladder.directory_slugs)."""
    return _directory_channels(slugs=directory_slugs(case))


def upcoming_then_sent(*, case: Case, limit: int = 20) -> list[Reminder]:
    """The case page's reminders: what is coming, soonest first, then what was sent or could
    not be (after its last retry), latest first. Done and cancelled ones are not shown."""
    over = (ReminderState.SENT, ReminderState.FAILED)
    shown = case.reminders.filter(
        state__in=[*WAITING_STATES, ReminderState.SENDING, *over]
    ).order_by("due_at")[:limit]
    waiting = [r for r in shown if r.state not in over]
    sent = sorted(
        (r for r in shown if r.state in over),
        key=lambda r: r.sent_at or r.due_at,
        reverse=True,
    )
    return waiting + sent


def case_overdue(
    *, case: Case, events: list[CaseEvent] | None = None, today: date | None = None
) -> list[Overdue]:
    """The case's deadlines that passed and still wait for an answer (cases.overdue), the
    longest overdue first; none for a closed case. `events`: the case's entries when the
    caller has read them already."""
    if case.is_closed:
        return []
    today = today or timezone.localdate()
    events = list(case.events.all()) if events is None else events
    with translation.override(settings.LANGUAGE_CODE):
        return overdue_deadlines(
            deadlines=case_deadlines(case, events, work_calendar(), today),
            events=events,
            stage=case.stage,
            opened_on=timezone.localdate(case.created_at),
            today=today,
        )
