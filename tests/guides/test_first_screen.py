"""On a 390 × 844 phone, every guide's first screen shows the answer, a number to tap and
"开始维权" without scrolling, with the contents collapsed; axe-core finds nothing serious on
any guide or on the glossary. One browser, one loop, so it stays quick."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser

from guides.library import all_guides
from platforms.directory import directory_load
from tests.support.axe import Finding, check, summary
from tests.support.browser import PHONE
from tests.support.screens import SCREENS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def on_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= PHONE["viewport"]["height"]
    )


def test_every_guide_answers_on_the_first_screen_and_is_accessible(browser: Browser, live_server):
    directory_load()
    context = browser.new_context(**PHONE, bypass_csp=True)  # so axe-core can be injected
    page = context.new_page()
    findings: list[Finding] = []
    SCREENS.mkdir(parents=True, exist_ok=True)
    for slug in sorted(all_guides()):
        response = page.goto(live_server.url + reverse("guides:detail", args=[slug]))
        assert response is not None and response.status == 200, slug
        for selector in (
            ".guide-answer",
            '.guide-first a[href^="tel:"]',
            ".guide-first .start-case",
        ):
            assert on_first_screen(page, selector), f"{slug}: {selector} is below the first screen"
        assert page.locator(".guide-first .start-case").inner_text().strip() == "开始维权"
        assert page.locator("details.toc").get_attribute("open") is None, slug
        assert not page.locator("details.toc ol").is_visible(), slug
        page.screenshot(path=SCREENS / f"guide-first-{slug}.png")
        findings.append(check(page, slug))
    page.goto(live_server.url + reverse("guides:glossary"))
    findings.append(check(page, "glossary"))
    report = summary(findings, name="guides")
    assert not report, f"accessibility problems:\n{report}"
