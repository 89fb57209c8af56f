"""On a phone, the answer to a merchant's refusal opens with one tap beside the entry that
holds it, with targets a finger can hit and nothing axe-core objects to."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from cases import services
from cases.models import EventKind
from tests.e2e.test_evidence_items import log_in
from tests.factories import CaseFactory, UserFactory
from tests.support.axe import check
from tests.support.browser import PHONE
from tests.support.screens import shot
from tests.support.sections import section

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_card_opens_with_one_tap_beside_the_reply(browser: Browser, live_server):
    consumer = UserFactory(phone="13700004444")
    case = CaseFactory(owner=consumer)
    services.case_add_event(
        case=case,
        kind=EventKind.MERCHANT_REPLY,
        happened_at=timezone.now() - timedelta(hours=1),
        actor=consumer,
        summary="亲，已过售后期了哦，不支持七天无理由",
    )
    context = browser.new_context(**PHONE, bypass_csp=True)  # so axe-core can be injected
    page = context.new_page()
    log_in(page, live_server, consumer.phone)
    page.goto(f"{live_server.url}{section(case, 'timeline')}")
    card = page.locator(".excuse-card").first
    expect(card.locator(".excuse-body")).to_be_hidden()
    card.locator("summary").tap()
    expect(card.get_by_text("什么时候不适用")).to_be_visible()
    assert card.locator("summary").bounding_box()["height"] >= 24
    report = check(page, "timeline, excuse card open").report()
    assert not report, report
    card.scroll_into_view_if_needed()
    shot(page, "excuse-card")
    context.close()
