"""On a phone: the text read in a screenshot under its picture (appearing by itself once
read), copied with one tap, and found again through the evidence section's search box."""

import io

import pytest
from playwright.sync_api import Browser, expect

from evidence import vault
from evidence.integrity import receive_stream
from evidence.models import Transcript
from tests.factories import CaseFactory, UserFactory
from tests.support.axe import check
from tests.support.browser import PHONE
from tests.support.screens import shot
from tests.support.sections import section
from tests.support.transcripts import CHAT, screenshot, transcript_store

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_text_appears_is_copied_and_is_found_on_a_phone(browser: Browser, live_server):
    # given a chat screenshot uploaded a moment ago, not read yet
    consumer = UserFactory(phone="13700007777")
    case = CaseFactory(owner=consumer)
    received = receive_stream(io.BytesIO(screenshot(CHAT)), "聊天.png")
    try:
        evidence = vault.evidence_add(case=case, received=received, kind="chat_log", actor=consumer)
    finally:
        received.close()
    Transcript.objects.create(evidence=evidence)
    context = browser.new_context(**PHONE, bypass_csp=True)  # so axe-core can be injected
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(consumer.phone)
    page.locator("#id_password").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}{evidence.get_absolute_url()}")
    transcript = page.locator("section.transcript")
    expect(transcript).to_contain_text("正在识别文字…")

    # when the worker has read it, the page shows the lines without a reload
    transcript_store(evidence)
    expect(transcript.locator(".transcript-text")).to_contain_text("已过售后期", timeout=15000)
    expect(transcript).to_contain_text("机器识别，可能有误，以原图为准")
    expect(transcript.get_by_role("button", name="复制文字")).to_be_visible()
    copy = transcript.locator("button[data-transcript-copy]")
    copy.tap()
    expect(copy).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()").splitlines()[-1] == "已过售后期"
    page.locator("section.transcript").scroll_into_view_if_needed()
    shot(page, "transcript-evidence-page")
    report = check(page, "evidence page with its transcript").report()
    assert not report, report

    # and the evidence section's search box finds it, the words marked
    page.goto(f"{live_server.url}{section(case, 'evidence')}")
    expect(page.locator(".evidence-tile .excerpt")).to_have_text(CHAT[0])  # the tile's line
    shot(page, "transcript-evidence-section")
    report = check(page, "evidence section with the search box and excerpts").report()
    assert not report, report
    page.get_by_role("searchbox", name="搜索本案证据中的文字").fill("七天 退货")
    page.get_by_role("button", name="搜索", exact=True).tap()
    expect(page.get_by_role("heading", name="找到 1 份证据")).to_be_visible()
    expect(page.locator(".search-hit mark").first).to_have_text("七天")
    shot(page, "transcript-search")
    report = check(page, "evidence search results").report()
    assert not report, report
    page.locator(".search-hit a").first.tap()
    expect(page.locator(".transcript-text mark").first).to_have_text("七天")
    context.close()
