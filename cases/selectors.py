"""Everything that reads cases for a page. Scoped to a user so other people's cases 404."""

from typing import cast

from django.db.models import Prefetch, QuerySet

from platforms.models import ContactChannel, Policy, VerificationStatus

from .deadlines import WorkCalendar
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


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    """Visible entries of a case with who wrote them and their earlier versions."""
    return (
        case.events.filter(hidden_at__isnull=True)
        .select_related("actor")
        .prefetch_related(Prefetch("revisions", to_attr="earlier_versions"))
        .order_by("-happened_at", "-id")
    )


LADDER_DIRECTORY = ("12315", "xiaoxiehui", "samr", "court")


def work_calendar() -> WorkCalendar:
    """The official days advisors entered, for `deadlines.WorkCalendar`."""
    days = {
        day: is_workday for day, is_workday in CalendarDay.objects.values_list("date", "is_workday")
    }
    years = frozenset(HolidayNotice.objects.values_list("year", flat=True))
    return WorkCalendar(official_days=days, notice_years=years)


def directory_channels(*, platform_slug: str) -> dict[str, list[ContactChannel]]:
    """The directory entries the ladder may point to for a case on this platform."""
    channels: dict[str, list[ContactChannel]] = {}
    for channel in ContactChannel.objects.filter(
        platform__slug__in=(platform_slug, *LADDER_DIRECTORY)
    ).select_related("platform"):
        channels.setdefault(channel.platform.slug, []).append(channel)
    return channels


def platform_promises(*, platform) -> list[tuple[str, int, bool]]:
    """Counterfeit compensation the platform states, as (title, multiple, verified)."""
    return [
        (
            policy.title,
            cast(int, policy.counterfeit_multiplier),  # not null: filtered below
            policy.status == VerificationStatus.VERIFIED,
        )
        for policy in Policy.objects.filter(platform=platform, counterfeit_multiplier__isnull=False)
    ]


def upcoming_then_sent(*, case: Case, limit: int = 20) -> list[Reminder]:
    """The case page's reminders: what is coming, soonest first, then what was sent."""
    shown = case.reminders.filter(
        state__in=[*WAITING_STATES, ReminderState.SENDING, ReminderState.SENT]
    ).order_by("due_at")[:limit]
    waiting = [r for r in shown if r.state != ReminderState.SENT]
    sent = sorted(
        (r for r in shown if r.state == ReminderState.SENT),
        key=lambda r: r.sent_at or r.due_at,
        reverse=True,
    )
    return waiting + sent
