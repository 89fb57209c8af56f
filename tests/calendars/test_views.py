"""The calendar pages: the settings page, resetting the link, one deadline as an .ics file."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from calendars import services
from calendars.models import CalendarFeed
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def deadline_url(case, code: str = "no_reason_return") -> str:
    return reverse("calendars:deadline", args=[case.reference, code])


def test_one_deadline_downloads_as_an_ics_attachment(consumer_client, consumer):
    case = CaseFactory(
        owner=consumer, purchase_date=date(2026, 11, 18), received_date=date(2026, 11, 20)
    )

    response = consumer_client.get(deadline_url(case))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{case.reference}-no_reason_return.ics"'
    )
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("DTSTART") == date(2026, 11, 27)
    assert str(event["UID"]) == f"{case.reference}-no_reason_return@weiquan"


def test_another_users_deadline_is_a_404(consumer_client, other_consumer):
    theirs = CaseFactory(owner=other_consumer, received_date=None)

    assert consumer_client.get(deadline_url(theirs, "limitation")).status_code == 404


def test_an_unknown_or_undated_deadline_is_a_404(consumer_client, consumer):
    case = CaseFactory(owner=consumer, received_date=None)  # the 7-day return has no date yet

    assert consumer_client.get(deadline_url(case)).status_code == 404
    assert consumer_client.get(deadline_url(case, "no-such-deadline")).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        lambda case: deadline_url(case),
        lambda case: reverse("calendars:settings"),
        lambda case: reverse("calendars:reset"),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, consumer, url):
    case = CaseFactory(owner=consumer)

    response = client.get(url(case))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_making_the_link_needs_a_login_and_a_post(consumer_client):
    assert Client().post(reverse("calendars:create")).status_code == 302
    assert not CalendarFeed.objects.exists()
    assert consumer_client.get(reverse("calendars:create")).status_code == 405


def test_the_settings_page_shows_the_links_and_the_qr_code(consumer_client, consumer):
    feed = services.calendar_feed_create(owner=consumer)

    response = consumer_client.get(reverse("calendars:settings"))

    page = response.content.decode()
    assert f'href="webcal://testserver/calendar/{feed.token}.ics"' in page
    assert f'value="http://testserver/calendar/{feed.token}.ics"' in page
    assert '<svg role="img"' in page and "<title>" in page
    assert "订阅到手机日历" in page
    assert "重置链接" in page
    assert response["Cache-Control"] == "private, no-store"


def test_resetting_asks_first_then_changes_the_link_on_post_only(consumer_client, consumer):
    token = services.calendar_feed_create(owner=consumer).token

    confirm = consumer_client.get(reverse("calendars:reset"))
    assert confirm.status_code == 200
    assert CalendarFeed.objects.get(owner=consumer).token == token  # no writes on GET

    response = consumer_client.post(reverse("calendars:reset"))

    assert response.status_code == 302
    assert CalendarFeed.objects.get(owner=consumer).token != token


def test_the_case_page_offers_each_dated_deadline_for_the_calendar(consumer_client, consumer):
    case = CaseFactory(
        owner=consumer, purchase_date=date(2026, 11, 18), received_date=date(2026, 11, 20)
    )

    page = consumer_client.get(reverse("cases:more", args=[case.reference])).content.decode()

    assert f'href="{deadline_url(case)}"' in page
    assert "加入日历" in page
