"""The private calendar feed: what it carries, in China time, and who can read it."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from calendars import services
from calendars.models import CalendarFeed
from cases import services as case_services
from cases.models import Outcome
from cases.reminders import reminder_add, reminder_done
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, tzinfo=SHANGHAI), tick=False)


def feed_of(client, token: str) -> Calendar:
    response = client.get(reverse("calendars:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_carries_the_deadlines_of_open_cases_as_all_day_events(client, consumer):
    # given a case received on 20 November (the 7-day return ends on the 27th)
    case = CaseFactory(
        owner=consumer, purchase_date=date(2026, 11, 18), received_date=date(2026, 11, 20)
    )
    feed = services.calendar_feed_create(owner=consumer)

    # when the calendar app reads the feed, without logging in
    events = events_by_uid(feed_of(client, feed.token))

    # then the deadline is an all-day event on its date, with a stable UID
    event = events[f"{case.reference}-no_reason_return@weiquan"]
    assert event.decoded("DTSTART") == date(2026, 11, 27)
    assert event.decoded("DTEND") == date(2026, 11, 28)
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert str(event["SUMMARY"]) == f"七天无理由退货 · {case.reference} 蓝牙耳机"
    link = f"http://testserver/cases/{case.reference}/"
    assert link in str(event["DESCRIPTION"])
    assert str(event["URL"]) == link
    # ...with an alarm at 09:00 the morning before
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(hours=-15)


def test_reminders_are_timed_events_in_china_time(client, consumer):
    case = CaseFactory(owner=consumer)
    due = datetime(2026, 11, 25, 9, 30, tzinfo=SHANGHAI)
    reminder = reminder_add(case=case, due_at=due, message="给商家打电话", actor=consumer)
    feed = services.calendar_feed_create(owner=consumer)

    calendar = feed_of(client, feed.token)
    event = events_by_uid(calendar)[f"reminder-{reminder.pk}@weiquan"]

    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    start = event.decoded("DTSTART")
    assert (start.date(), start.time()) == (date(2026, 11, 25), time(9, 30))
    assert start.utcoffset() == timedelta(hours=8)
    assert "给商家打电话" in str(event["DESCRIPTION"])
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_the_feed_leaves_out_closed_cases_done_reminders_and_other_peoples_cases(
    client, consumer, other_consumer
):
    open_case = CaseFactory(owner=consumer)
    closed = CaseFactory(owner=consumer)
    case_services.case_close(
        case=closed, outcome=Outcome.REFUNDED, closed_on=timezone.localdate(), actor=consumer
    )
    theirs = CaseFactory(owner=other_consumer)
    due = timezone.now() + timedelta(days=2)
    kept = reminder_add(case=open_case, due_at=due, message="等回复", actor=consumer)
    done = reminder_add(case=open_case, due_at=due, message="已处理", actor=consumer)
    reminder_done(reminder=done)
    feed = services.calendar_feed_create(owner=consumer)

    uids = set(events_by_uid(feed_of(client, feed.token)))

    assert any(uid.startswith(f"{open_case.reference}-") for uid in uids)
    assert f"reminder-{kept.pk}@weiquan" in uids
    assert f"reminder-{done.pk}@weiquan" not in uids
    assert not any(closed.reference in uid or theirs.reference in uid for uid in uids)


def test_the_feed_reads_a_bounded_number_of_queries_however_many_cases(
    client, consumer, django_assert_max_num_queries
):
    for _ in range(6):
        case = CaseFactory(owner=consumer)
        reminder_add(
            case=case, due_at=timezone.now() + timedelta(days=1), message="x", actor=consumer
        )
    feed = services.calendar_feed_create(owner=consumer)

    # the feed's owner, the cases, their entries, the work calendar (2), the reminders
    with django_assert_max_num_queries(6):
        client.get(reverse("calendars:feed", args=[feed.token]))


def test_the_feed_is_private_and_not_indexed(client, consumer):
    feed = services.calendar_feed_create(owner=consumer)

    response = client.get(reverse("calendars:feed", args=[feed.token]))

    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]
    assert client.head(reverse("calendars:feed", args=[feed.token])).status_code == 200
    assert client.post(reverse("calendars:feed", args=[feed.token])).status_code == 405


@pytest.mark.parametrize("token", ["short", "x" * 43, "a" * 42 + "!", "../" + "a" * 40])
def test_a_malformed_or_unknown_token_is_a_404(client, consumer, token):
    services.calendar_feed_create(owner=consumer)

    response = client.get(f"/calendar/{token}.ics")

    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_a_reset_link_is_a_404_and_the_new_one_works(client, consumer):
    CaseFactory(owner=consumer)
    old = services.calendar_feed_create(owner=consumer).token

    new = services.calendar_feed_reset(owner=consumer).token

    assert new != old
    assert client.get(reverse("calendars:feed", args=[old])).status_code == 404
    assert client.get(reverse("calendars:feed", args=[new])).status_code == 200


def test_each_token_opens_only_its_owners_cases(client, consumer, other_consumer):
    mine = CaseFactory(owner=consumer)
    theirs = CaseFactory(owner=other_consumer)
    their_feed = services.calendar_feed_create(owner=other_consumer)
    client.force_login(consumer)

    uids = set(events_by_uid(feed_of(client, their_feed.token)))

    assert any(theirs.reference in uid for uid in uids)
    assert not any(mine.reference in uid for uid in uids)


def test_a_deactivated_account_has_no_feed(client, consumer):
    feed = services.calendar_feed_create(owner=consumer)
    consumer.is_active = False
    consumer.save()

    assert client.get(reverse("calendars:feed", args=[feed.token])).status_code == 404


def test_the_feed_is_made_by_a_post_only_once(consumer_client, consumer):
    assert consumer_client.get(reverse("calendars:settings")).status_code == 200
    assert not CalendarFeed.objects.exists()  # no writes on GET

    consumer_client.post(reverse("calendars:create"))
    token = CalendarFeed.objects.get(owner=consumer).token
    consumer_client.post(reverse("calendars:create"))

    assert CalendarFeed.objects.get(owner=consumer).token == token
