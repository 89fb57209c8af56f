"""The one door to iCalendar (RFC 5545): deadlines as all-day events, reminders as timed events
in China time, each with a stable UID so a calendar replaces an event when its date moves.

Only dates, the case reference, the product and a link go out: never a timeline entry's text,
never evidence.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from cases.ladder import Deadline
from cases.models import Case, Reminder

PRODID = "-//weiquan//calendar//ZH"
UID_DOMAIN = "weiquan"
# The alarm of an all-day deadline: 09:00 on the day before (15 hours before its midnight).
MORNING_BEFORE = timedelta(hours=-15)
REMINDER_LENGTH = timedelta(minutes=30)


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _summary(title: object, case: Case) -> str:
    return _("%(title)s · %(reference)s %(product)s") % {
        "title": title,
        "reference": case.reference,
        "product": case.product,
    }


def _description(case_url: str) -> str:
    return _("Open the case: %(url)s") % {"url": case_url}


def _alarm(trigger: timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


def deadline_event(*, case: Case, deadline: Deadline, case_url: str, stamp: datetime) -> Event:
    """A deadline as an all-day event on its date, with an alarm the morning before."""
    assert deadline.due is not None
    summary = _summary(deadline.title, case)
    event = Event()
    event.add("uid", f"{case.reference}-{deadline.code}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", deadline.due)
    event.add("dtend", deadline.due + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", _description(case_url))
    event.add("url", case_url)
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(MORNING_BEFORE, summary))
    return event


def reminder_event(*, reminder: Reminder, case_url: str, stamp: datetime) -> Event:
    """A reminder at its time in China time (TZID), with an alarm when it is due."""
    case = reminder.case
    summary = _summary(_("Reminder"), case)
    event = Event()
    event.add("uid", f"reminder-{reminder.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    start = reminder.due_at.astimezone(_zone())
    event.add("dtstart", start)
    event.add("dtend", start + REMINDER_LENGTH)
    event.add("summary", summary)
    event.add("description", f"{reminder.message}\n{_description(case_url)}")
    event.add("url", case_url)
    event.add_component(_alarm(timedelta(0), summary))
    return event


def calendar_bytes(events: Iterable[Event], *, name: str) -> bytes:
    """A calendar of the events, with the time zone its timed events name (VTIMEZONE)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
