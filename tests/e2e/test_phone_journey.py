"""The phone journey of issue 16, played in CI: from the landing page to a 12315 complaint
copied and the 12315 PDF downloaded, with the real Celery worker building the PDF.

It is the benchmark's own journey (bench/phone_journey.py `play`), so the two cannot drift
apart; here it proves the flow works and that it stays within its budget of taps and typed
characters, which are counts, not timings (the benchmark reports the times).
"""

import pytest
from playwright.sync_api import Browser

from bench.phone_journey import MOBILE, SCREENSHOT_MOBILE, play
from cases.models import Case, EventKind, Stage
from evidence.models import DossierState, DossierVariant
from tests.support.browser import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_user_reaches_a_12315_pack_within_35_taps(
    browser: Browser, live_server, worker, tmp_path
):
    context = browser.new_context(**PHONE, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    figures = play(context.new_page(), live_server.url, tmp_path, measure_sections=False)

    assert figures["taps"] <= 35, figures["line"]
    assert figures["chars"] <= 90, figures["line"]
    assert figures["rung"] <= 2.5, figures["heights"]
    case = Case.objects.get(owner__phone=MOBILE)
    assert case.stage == Stage.CONSUMER_AUTHORITY
    assert sorted(case.evidence.values_list("kind", flat=True)) == [
        "appraisal_report",
        "order_screenshot",
        "product_photo",
    ]
    kinds = list(case.events.order_by("happened_at").values_list("kind", flat=True))
    assert kinds.count(EventKind.MERCHANT_REPLY) == 1
    assert kinds.count(EventKind.PLATFORM_DECISION) == 1
    assert kinds.count(EventKind.STAGE_CHANGE) == 2
    merchant = case.events.get(kind=EventKind.MERCHANT_REPLY)
    assert merchant.summary == "商家拒绝退款" and not merchant.time_known
    assert case.dossiers.get().variant == DossierVariant.COMPLAINT_12315
    assert case.dossiers.get().state == DossierState.READY
    context.close()


@pytest.mark.usefixtures("ocr")
def test_from_the_order_screenshot_a_new_user_needs_at_most_25_taps_and_40_characters(
    browser: Browser, live_server, worker, tmp_path
):
    context = browser.new_context(**PHONE, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    figures = play(
        context.new_page(),
        live_server.url,
        tmp_path,
        measure_sections=False,
        story="screenshot",
        mobile=SCREENSHOT_MOBILE,
    )

    assert figures["line"].startswith("screenshot taps ")
    assert figures["taps"] <= 25, figures["line"]
    assert figures["chars"] <= 40, figures["line"]
    case = Case.objects.get(owner__phone=SCREENSHOT_MOBILE)
    assert case.stage == Stage.CONSUMER_AUTHORITY
    assert (case.shop_name, str(case.amount_paid)) == ("数码优选专营店", "299.00")
    first = case.evidence.get(number=1)
    assert first.kind == "order_screenshot" and first.transcript.state == "done"
    assert sorted(case.evidence.values_list("kind", flat=True)) == [
        "appraisal_report",
        "order_screenshot",
        "product_photo",
    ]
    assert case.dossiers.get().state == DossierState.READY
    print(figures["line"], f"prefill {figures['prefill_s']:.1f} s")
    context.close()
