"""Follow-up reminders: kept in step with the case's deadlines, sent exactly once when due.

Sending is claim → check → attempt → email → record:
1. claim: one conditional UPDATE moves a due reminder to "sending" with a lease, so two
   workers, two sweeps or two beats can never both own it; a worker killed after claiming
   leaves a lease that expires, and the next sweep hands the reminder out again. The lease's
   end is also the claim's token: every later write names it, so a worker whose lease ran
   out can never release or mark a reminder another worker has claimed since;
2. check: a closed case, a reminder turned off or done, quiet hours (the reminder waits
   until they end) — decided before anything is sent, and none of them is an attempt;
3. attempt: counted just before sending, so REMINDER_MAX_ATTEMPTS bounds tries at the mail
   server (a worker killed while sending has used one), never postponements;
4. email, outside any transaction;
5. record: "sent" and the in-app notification in one transaction, so the notification is
   never doubled. The one tolerable duplicate: a kill between the mail server accepting the
   message and this commit, a window of a single statement.
"""

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.notifications import notify_in_app, quiet_until, send_email

from . import ladder, overdue
from .models import (
    STAGE_ORDER,
    WAITING_STATES,
    Case,
    Reminder,
    ReminderKind,
    ReminderState,
    Stage,
)
from .selectors import work_calendar

logger = logging.getLogger(__name__)

REMIND_AT = time(9, 0)  # reminders arrive in the morning, China time
# How many days before a deadline its reminder arrives: on the day for a promise or a
# regulator's decision, the day before a return window closes, a month before limitation.
LEAD_DAYS = {
    "promise": 0,
    "no_reason_return": 1,
    "quality_return": 1,
    "complaint_acceptance": 0,
    "mediation_period": 0,
    "limitation": 30,
    "complaint_cutoff": 30,
}
# Return windows stop mattering once the case has gone past the platform.
RETURN_DEADLINES = {"no_reason_return", "quality_return"}
DEFAULT_CHANNELS = ["email", "in_app"]


def _at_morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, REMIND_AT))


def _wanted(deadlines: list[ladder.Deadline], past_platform: bool, today: date) -> dict[str, dict]:
    """The reminders the case's deadlines call for, by the deadline they follow."""
    wanted = {}
    for deadline in deadlines:
        if deadline.due is None or deadline.due < today:
            continue
        if past_platform and deadline.code in RETURN_DEADLINES:
            continue
        family = deadline.code.split("-", 1)[0]
        remind_on = max(deadline.due - timedelta(days=LEAD_DAYS.get(family, 0)), today)
        wanted[deadline.code] = {
            "kind": ReminderKind.PROMISE if family == "promise" else ReminderKind.DEADLINE,
            "due_at": _at_morning(remind_on),
            "deadline_on": deadline.due,
            "message": f"{deadline.title}：{deadline.due:%Y-%m-%d}",
        }
    return wanted


@transaction.atomic
def reminders_sync(*, case: Case) -> None:
    """Create, move or cancel the case's deadline reminders after anything changed, and
    store the deadline the case waits on (cases.overdue: one that passed unanswered stays).

    Reminders set by hand are left alone until the case closes.
    """
    waiting = case.reminders.filter(state__in=WAITING_STATES)
    if case.is_closed:
        waiting.update(state=ReminderState.CANCELLED)
        _next_deadline_store(case, None, "")
        return
    today = timezone.localdate()
    events = list(case.events.all())
    past_platform = STAGE_ORDER.index(case.stage) > STAGE_ORDER.index(Stage.PLATFORM_INTERVENTION)
    with translation.override(settings.LANGUAGE_CODE):
        deadlines = ladder.case_deadlines(case, events, work_calendar(), today)
        wanted = _wanted(deadlines, past_platform, today)
        late = overdue.overdue_deadlines(
            deadlines=deadlines,
            events=events,
            stage=case.stage,
            opened_on=timezone.localdate(case.created_at) if case.created_at else today,
            today=today,
        )
        ahead = [(d.due, str(d.title)) for d in deadlines if d.code in wanted and d.due]
    _next_deadline_store(case, *overdue.deadline_to_watch(overdue=late, ahead=ahead))
    existing = {r.source_key: r for r in case.reminders.exclude(source_key="")}
    for key, spec in wanted.items():
        reminder = existing.get(key)
        if reminder is None:
            Reminder.objects.create(case=case, source_key=key, channels=DEFAULT_CHANNELS, **spec)
        elif reminder.deadline_on != spec["deadline_on"] or (
            reminder.state == ReminderState.CANCELLED
        ):
            # A new date (a corrected promise, a later complaint): arm it again.
            Reminder.objects.filter(pk=reminder.pk).update(
                state=ReminderState.SCHEDULED, sent_at=None, attempts=0, last_error="", **spec
            )
        elif reminder.state == ReminderState.SCHEDULED and reminder.message != spec["message"]:
            Reminder.objects.filter(pk=reminder.pk).update(message=spec["message"])
    waiting.exclude(source_key="").exclude(source_key__in=wanted).update(
        state=ReminderState.CANCELLED
    )


def _next_deadline_store(case: Case, day: date | None, name: str) -> None:
    """The deadline the case waits on, as of the last change to the case.

    Not moved on by the passing days: once it is in the past, a deadline went by with nothing
    logged since to answer it, which is what the advisors' "overdue" filter looks for.
    """
    if (case.next_deadline_on, case.next_deadline_name) != (day, name):
        Case.objects.filter(pk=case.pk).update(next_deadline_on=day, next_deadline_name=name)
        case.next_deadline_on = day
        case.next_deadline_name = name


def reminder_add(*, case: Case, due_at: datetime, message: str, actor) -> Reminder:
    return Reminder.objects.create(
        case=case,
        kind=ReminderKind.MANUAL,
        due_at=due_at,
        message=message,
        channels=DEFAULT_CHANNELS,
        created_by=actor,
    )


def reminder_snooze(*, reminder: Reminder, until: datetime) -> None:
    Reminder.objects.filter(pk=reminder.pk, state__in=WAITING_STATES).update(
        state=ReminderState.SNOOZED, due_at=until
    )


def reminder_done(*, reminder: Reminder) -> None:
    """The consumer dealt with it, or turned it off: it will never be sent."""
    Reminder.objects.filter(pk=reminder.pk, state__in=WAITING_STATES).update(
        state=ReminderState.DONE
    )


# --- sending ---------------------------------------------------------------------------


def _claimable(now: datetime) -> Q:
    return Q(state__in=WAITING_STATES, due_at__lte=now) | Q(
        state=ReminderState.SENDING, claimed_until__lt=now
    )


def reminders_due(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Ids of reminders to hand out now: one indexed query, whatever the table's size."""
    now = now or timezone.now()
    return list(
        Reminder.objects.filter(_claimable(now))
        .order_by("due_at")
        .values_list("id", flat=True)[:limit]
    )


def reminder_claim(*, reminder_id: int, now: datetime) -> datetime | None:
    """Take the reminder for this worker: a lease for exactly one caller until it ends.

    Returns the lease's end, the token the claim's later writes are conditional on; None
    when another caller holds the reminder or it is not due. Claiming is not an attempt.
    """
    lease = now + timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    claimed = Reminder.objects.filter(_claimable(now), pk=reminder_id).update(
        state=ReminderState.SENDING, claimed_until=lease
    )
    return lease if claimed else None


def _held(reminder: Reminder, lease: datetime) -> QuerySet[Reminder]:
    """The reminder, only while this caller's claim is still the one on it."""
    return Reminder.objects.filter(pk=reminder.pk, state=ReminderState.SENDING, claimed_until=lease)


def _release(
    reminder: Reminder,
    lease: datetime,
    *,
    state: str,
    due_at: datetime | None = None,
    error: str | None = None,
) -> None:
    """Give the claim up; the last error is kept unless a new one (or "" for none) is given."""
    fields: dict[str, object] = {"state": state, "claimed_until": None}
    if due_at is not None:
        fields["due_at"] = due_at
    if error is not None:
        fields["last_error"] = error
    _held(reminder, lease).update(**fields)


def _email(reminder: Reminder, url: str) -> None:
    context = {"reminder": reminder, "case": reminder.case, "url": url}
    with translation.override(settings.LANGUAGE_CODE):
        send_email(
            user=reminder.case.owner,
            subject=f"【维权提醒】{reminder.message}",
            text=render_to_string("cases/email/reminder.txt", context),
            html=render_to_string("cases/email/reminder.html", context),
        )


def reminder_deliver(*, reminder_id: int, now: datetime | None = None) -> str:
    """Send one due reminder if this caller wins the claim; says what happened."""
    now = now or timezone.now()
    lease = reminder_claim(reminder_id=reminder_id, now=now)
    if lease is None:
        return "not claimed"
    reminder = Reminder.objects.select_related("case__owner").get(pk=reminder_id)
    owner = reminder.case.owner
    if reminder.case.is_closed:
        _release(reminder, lease, state=ReminderState.CANCELLED)
        return "case closed"
    wait_until = quiet_until(user=owner, now=now)
    if wait_until is not None:
        # Not an attempt: the reminder only moves to the end of the quiet hours.
        _release(reminder, lease, state=ReminderState.SCHEDULED, due_at=wait_until)
        return "quiet hours"
    if not _held(reminder, lease).update(attempts=F("attempts") + 1):
        return "lost claim"  # the lease ran out while checking, and another worker took it
    url = settings.SITE_URL + reminder.case.get_absolute_url()
    by_email = "email" in reminder.channels and owner.notify_by_email and bool(owner.email)
    in_app = "in_app" in reminder.channels and owner.notify_in_app
    if by_email:
        try:
            _email(reminder, url)
        except Exception as error:
            return _retry_later(reminder, lease, now, error)
    # The mail server has accepted the message: from here to the commit below is the only
    # window in which a crash could make the reminder go out twice.
    with transaction.atomic():
        marked = _held(reminder, lease).update(
            state=ReminderState.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
        )
        if marked and in_app:
            notify_in_app(
                user=owner,
                title=reminder.message,
                body=f"{reminder.case.reference} {reminder.case.product}",
                url=reminder.case.get_absolute_url(),
            )
    return "sent" if marked else "lost claim"


def _retry_later(reminder: Reminder, lease: datetime, now: datetime, error: Exception) -> str:
    """Back off 2, 4, 8, 16 minutes after a failed try; give up after the last one."""
    attempts = Reminder.objects.values_list("attempts", flat=True).get(pk=reminder.pk)
    logger.warning("reminder %s: sending failed (attempt %s): %s", reminder.pk, attempts, error)
    message = str(error)[:500]
    if attempts >= settings.REMINDER_MAX_ATTEMPTS:
        _release(reminder, lease, state=ReminderState.FAILED, error=message)
        return "failed"
    backoff = timedelta(minutes=2**attempts)
    _release(reminder, lease, state=ReminderState.SCHEDULED, due_at=now + backoff, error=message)
    return "retry"


def reminders_sweep(*, hand_out: Callable[[int], object], now: datetime | None = None) -> int:
    """Hand every due reminder to `hand_out` (a task queue, or direct delivery for cron).

    If handing out fails (the broker is down), the rest wait for the next sweep: nothing is
    claimed before a worker takes it, so nothing is lost.
    """
    handed = 0
    for reminder_id in reminders_due(now=now):
        hand_out(reminder_id)
        handed += 1
    return handed
