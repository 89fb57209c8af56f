"""Everything that reads cases for a page. Scoped to a user so other people's cases 404."""

from django.db.models import (
    Count,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from platforms.models import ContactChannel
from platforms.selectors import directory_channels as _directory_channels

from .deadlines import WorkCalendar
from .ladder import directory_slugs
from .models import (
    WAITING_STATES,
    CalendarDay,
    Case,
    CaseEvent,
    HolidayNotice,
    Reminder,
    ReminderState,
)


def cases_for_owner(*, owner, status: str = "all") -> QuerySet[Case]:
    """The consumer's own cases, newest activity first; status is open, closed or all."""
    cases = Case.objects.filter(owner=owner).select_related("platform")
    if status == "open":
        cases = cases.filter(closed_on__isnull=True)
    elif status == "closed":
        cases = cases.filter(closed_on__isnull=False)
    return cases.order_by("-last_activity_at", "-id")


def _count_of(related_name: str, **filters) -> Coalesce:
    """How many rows of a reverse relation a case has, as one subquery over its index. The
    relation is named, not imported, so cases stays below the apps that point at it."""
    model = Case._meta.get_field(related_name).related_model
    assert isinstance(model, type) and issubclass(model, Model)
    rows = (
        model._default_manager.filter(case=OuterRef("pk"), **filters)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def case_with_counts(*, owner) -> QuerySet[Case]:
    """The owner's cases with what the case page's tabs count: evidence kept, entries
    shown (the system's own included) and case files made; one query for all three."""
    return cases_for_owner(owner=owner).annotate(
        evidence_count=_count_of("evidence", removed_at__isnull=True),
        entry_count=_count_of("events", hidden_at__isnull=True),
        dossier_count=_count_of("dossiers"),
    )


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    """Visible entries of a case with who wrote them and their earlier versions."""
    return (
        case.events.filter(hidden_at__isnull=True)
        .select_related("actor")
        .prefetch_related(Prefetch("revisions", to_attr="earlier_versions"))
        .order_by("-happened_at", "-id")
    )


def work_calendar() -> WorkCalendar:
    """The official days advisors entered, for `deadlines.WorkCalendar`."""
    days = {
        day: is_workday for day, is_workday in CalendarDay.objects.values_list("date", "is_workday")
    }
    years = frozenset(HolidayNotice.objects.values_list("year", flat=True))
    return WorkCalendar(official_days=days, notice_years=years)


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
