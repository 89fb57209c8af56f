"""The installable app in Debian's Chromium: the service worker takes over, a page asked for
without a network gets the offline page, and no signed-in page is ever left in its caches,
least of all after logout. (localhost is a secure context, so workers run on the live server.)
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.factories import CaseFactory, UserFactory
from tests.support.browser import PHONE
from tests.support.screens import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PRIVATE = ("/cases/", "/evidence/", "/calendar/", "/accounts/")
CACHED_URLS = """async () => {
  const found = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    found[name] = (await cache.keys()).map((request) => new URL(request.url).pathname);
  }
  return found;
}"""


def controlled(page: Page) -> None:
    """Wait until the worker is active and controls the page."""
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.state)") in {
        "activating",
        "activated",
    }
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def signed_in(browser: Browser, live_server, user) -> BrowserContext:
    client = Client()
    client.force_login(user)
    context = browser.new_context(**PHONE)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_without_a_network_a_page_shows_the_offline_page(browser: Browser, live_server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/guides/")
    controlled(page)

    context.set_offline(True)
    page.goto(f"{live_server.url}/platforms/")

    expect(page.get_by_role("heading", name="你现在没有联网")).to_be_visible()
    # ...with the site's look, from the precached stylesheet
    brand = page.locator("header.navbar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert brand == "rgb(180, 35, 44)"
    shot(page, "60-phone-offline")

    context.set_offline(False)
    page.get_by_role("link", name="重试").click()
    expect(page.get_by_role("link", name="开始维权").first).to_be_visible()
    context.close()


def test_no_private_page_is_cached_and_logout_clears_the_caches(browser: Browser, live_server):
    user = UserFactory()
    case = CaseFactory(owner=user)
    context = signed_in(browser, live_server, user)
    page = context.new_page()
    page.goto(f"{live_server.url}/cases/")
    controlled(page)

    # the consumer reads their case and account pages, under the worker
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.get_by_text(case.reference).first).to_be_visible()
    page.goto(f"{live_server.url}/accounts/profile/")
    page.goto(f"{live_server.url}/calendar/")
    cached = page.evaluate(CACHED_URLS)
    assert [name for name in cached if name.startswith("weiquan-static-")], cached
    assert not [url for urls in cached.values() for url in urls if url.startswith(PRIVATE)]
    # a cache left by anything else (an older worker, an extension of the site) holding a page
    page.evaluate(
        "caches.open('left-over').then((c) => c.put('/cases/X/', new Response('private')))"
    )

    # when they log out from the menu
    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))  # opened, not opening
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(f"{live_server.url}/", timeout=15_000)
    expect(page.get_by_role("button", name="退出登录")).to_have_count(0)

    # then only the static cache is left, with nothing private in it
    cached = page.evaluate(CACHED_URLS)
    assert list(cached) == [name for name in cached if name.startswith("weiquan-static-")]
    assert not [url for urls in cached.values() for url in urls if url.startswith(PRIVATE)]
    assert "/offline/" in next(iter(cached.values()))
    context.close()
