"""A new case from its order screenshot, on a phone (issue 18): the picker on /cases/new/, a
refused file said beside the control, the progress page while a real worker reads the picture
with the real engine, the prefilled form with its marks, and the case page with the screenshot
as evidence 1. axe-core and the touch targets are checked on each new page; the screens are
kept in test-results/screens/. Without JavaScript the progress page refreshes itself."""

import hashlib
import io
import random

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, expect

from bench.phone_journey import story_screenshot
from bench.screenshots.others import photo_without_text
from cases.models import Case
from evidence.models import EvidenceKind, OrderScreenshot, TranscriptState
from tests.factories import UserFactory
from tests.support import files
from tests.support.axe import Finding, check, summary
from tests.support.browser import PHONE
from tests.support.screens import shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("ocr"),
]

START = "上传订单截图，自动填写"
MARK = "从截图读取，请核对"


def signed_in(browser: Browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(**PHONE, bypass_csp=True, **options)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return context


def test_a_case_from_its_order_screenshot_on_a_phone(browser: Browser, live_server, worker):
    consumer = UserFactory(phone="13700003333")
    page = signed_in(browser, live_server, consumer).new_page()
    findings: list[Finding] = []

    # the screenshot first, typing one tap away
    page.goto(f"{live_server.url}/cases/new/")
    start = page.get_by_text(START)
    expect(start).to_be_visible()
    assert start.bounding_box()["height"] >= 44
    assert start.bounding_box()["y"] < page.get_by_text("或者手动填写").bounding_box()["y"]
    findings.append(check(page, "new case, the screenshot first"))
    shot(page, "prefill-1-new-case")

    # a PDF is not a screenshot: said beside the control, the form still there
    with page.expect_navigation():
        page.get_by_label(START).set_input_files(
            [{"name": "报告.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}]
        )
    expect(page.locator("#order-screenshot-error")).to_contain_text("这不是图片")
    expect(page.get_by_label("店铺/商家名称")).to_be_editable()
    findings.append(check(page, "new case, a refused file"))
    shot(page, "prefill-2-refused")

    # the order screenshot: progress while the worker reads it
    order_png = story_screenshot()
    with page.expect_navigation():
        page.get_by_label(START).set_input_files(
            [{"name": "订单截图.png", "mimeType": "image/png", "buffer": order_png}]
        )
    expect(page.get_by_role("heading", name="正在读取订单截图")).to_be_visible()
    findings.append(check(page, "reading the screenshot"))
    shot(page, "prefill-3-reading")

    # then the form, filled, each fact marked beside its field
    expect(page.get_by_text("已从截图读出")).to_be_visible(timeout=90_000)
    expect(page.get_by_label("店铺/商家名称")).to_have_value("数码优选专营店")
    expect(page.get_by_label("实付金额")).to_have_value("299.00")
    expect(page.get_by_label("拼多多")).to_be_checked()
    expect(page.locator("#id_shop_name_helptext")).to_contain_text(MARK)
    expect(page.locator("#id_amount_paid_helptext")).to_contain_text(MARK)
    findings.append(check(page, "the prefilled form"))
    shot(page, "prefill-4-prefilled")

    page.get_by_label("假货").click()
    with page.expect_navigation():
        page.get_by_role("button", name="创建案件").click()
    expect(page.get_by_text("订单截图已保存为证据 1")).to_be_visible()
    page.locator(".case-tabs").get_by_role("link", name="证据").click()
    expect(page.locator(".evidence-grid").get_by_text("订单截图").first).to_be_visible()
    shot(page, "prefill-5-case-evidence")

    case = Case.objects.get(owner=consumer)
    evidence = case.evidence.get()
    assert (evidence.number, evidence.kind) == (1, EvidenceKind.ORDER_SCREENSHOT)
    assert evidence.sha256 == hashlib.sha256(order_png).hexdigest()
    assert evidence.transcript.state == TranscriptState.DONE
    assert "数码优选专营店" in evidence.transcript.text
    assert not OrderScreenshot.objects.exists()
    report = summary(findings, name="prefill")
    assert not report, f"accessibility problems:\n{report}"


def test_without_javascript_the_progress_page_refreshes_itself_to_the_form(
    browser: Browser, live_server, worker
):
    consumer = UserFactory(phone="13700004444")
    page = signed_in(browser, live_server, consumer, java_script_enabled=False).new_page()
    photo = io.BytesIO()
    photo_without_text(random.Random(18), (600, 800)).save(photo, "JPEG", quality=85)

    page.goto(f"{live_server.url}/cases/new/")
    with page.expect_navigation():
        page.get_by_label(START).set_input_files(
            [{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}]
        )
        # without JavaScript nothing sends the form as the picker closes: its own button does
        page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_role("link", name="刷新")).to_be_visible()

    # the <meta> refresh brings the form back once the worker found nothing to read
    expect(page.get_by_text("没能从这张图片读出订单信息，请手动填写")).to_be_visible(timeout=90_000)
    expect(page.get_by_label("店铺/商家名称")).to_have_value("")
    shot(page, "prefill-6-unread-no-js")
