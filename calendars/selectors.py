"""Reads for the calendar: whose feed a token opens, and the dates a feed carries."""

import re
import secrets
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from accounts.models import User
from cases import ladder
from cases.models import WAITING_STATES, Case, CaseEvent, Reminder
from cases.selectors import case_timeline, cases_for_owner, work_calendar

from .models import CalendarFeed

# What secrets.token_urlsafe(32) makes; anything else is a 404 without a query.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class FeedEntries:
    # (case, deadline) for every dated deadline of the owner's open cases.
    deadlines: list[tuple[Case, ladder.Deadline]]
    # The reminders still to come (scheduled or snoozed) of those cases.
    reminders: list[Reminder]


def calendar_feed_for(*, owner: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(owner=owner).first()


def calendar_feed_owner(*, token: str) -> User | None:
    """The owner of the feed the token opens, or None for a malformed, reset or unknown one."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    feed = CalendarFeed.objects.select_related("owner").filter(token=token).first()
    if feed is None or not secrets.compare_digest(feed.token, token):
        return None
    return feed.owner if feed.owner.is_active else None


def feed_entries(*, owner: User, today: date | None = None) -> FeedEntries:
    """The owner's open cases' deadlines and coming reminders, in five queries however many
    cases there are: the cases, all their visible entries, the work calendar (two), the
    reminders. Each case's deadlines come from `ladder.case_deadlines`, as on its page."""
    today = today or timezone.localdate()
    cases = list(cases_for_owner(owner=owner, status="open"))
    events: dict[int, list[CaseEvent]] = {case.pk: [] for case in cases}
    for event in CaseEvent.objects.filter(case__in=cases, hidden_at__isnull=True):
        events[event.case_id].append(event)
    calendar = work_calendar()
    deadlines = [
        (case, deadline)
        for case in cases
        for deadline in ladder.case_deadlines(case, events[case.pk], calendar, today)
        if deadline.due is not None
    ]
    by_id = {case.pk: case for case in cases}
    reminders = list(
        Reminder.objects.filter(case__in=cases, state__in=WAITING_STATES).order_by("due_at", "id")
    )
    for reminder in reminders:
        reminder.case = by_id[reminder.case_id]  # already read: no query per reminder
    return FeedEntries(deadlines=deadlines, reminders=reminders)


def case_deadline(*, case: Case, code: str) -> ladder.Deadline | None:
    """One dated deadline of a case by its code (as `ladder.case_deadlines` names it)."""
    deadlines = ladder.case_deadlines(case, list(case_timeline(case=case)), work_calendar())
    return next((d for d in deadlines if d.code == code and d.due is not None), None)
