"""The advisors' admin pages on a phone, in Debian's Chromium, under the site's own CSP: the
styles apply (none is inline, which `style-src 'self'` would block), the case list's search
box has a name, and links in text are told apart by more than their colour."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisors import services
from advisors.roles import make_advisor
from tests.factories import CaseFactory, UserFactory
from tests.support.browser import signed_in_watching_csp
from tests.support.screens import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def advisor_page(page: Page, live_server) -> Page:
    """The phone's page, signed in as an advisor (session cookie, no login form), watching
    for CSP violations."""
    advisor = UserFactory(email="volunteer@example.cn", display_name="小林")
    make_advisor(advisor)
    signed_in_watching_csp(page, live_server, advisor)
    return page


def style(page: Page, selector: str, prop: str) -> str:
    return page.locator(selector).first.evaluate(
        "(el, prop) => getComputedStyle(el).getPropertyValue(prop)", prop
    )


def no_csp_violations(page: Page) -> None:
    assert page.evaluate("() => window.cspViolations") == []


def test_dashboard_styles_apply_under_the_csp(advisor_page: Page, live_server):
    response = advisor_page.goto(f"{live_server.url}{reverse('advisor_dashboard')}")
    assert "style-src 'self'" in response.headers["content-security-policy"]
    expect(advisor_page.locator(".dashboard-figures")).to_be_visible()
    assert advisor_page.locator("style").count() == 0
    assert style(advisor_page, ".dashboard-figures", "display") == "grid"
    assert style(advisor_page, ".dashboard-figures dd", "font-weight") == "600"
    assert style(advisor_page, ".dashboard-charts", "display") == "grid"
    no_csp_violations(advisor_page)
    shot(advisor_page, "30-advisor-dashboard-phone")


def test_case_list_search_has_a_name_and_links_are_underlined(advisor_page: Page, live_server):
    case = CaseFactory()
    services.help_request(case=case)
    advisor_page.goto(f"{live_server.url}{reverse('admin:cases_case_changelist')}?q=WQ")
    search = advisor_page.get_by_role("textbox", name="搜索案件")
    expect(search).to_be_visible()
    assert search.get_attribute("title") is None  # named by its label, not by a title
    for link in (".breadcrumbs a", "#changelist-search .quiet a"):
        assert "underline" in style(advisor_page, link, "text-decoration-line"), link
    heights = advisor_page.locator("#changelist-filter li a").evaluate_all(
        "links => links.map(link => link.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 24
    no_csp_violations(advisor_page)
    shot(advisor_page, "31-advisor-case-list-phone")


def test_workspace_is_one_column_on_a_phone(advisor_page: Page, live_server):
    case = CaseFactory()
    services.help_request(case=case, message="商家不退款")
    advisor_page.goto(f"{live_server.url}{reverse('admin:cases_case_change', args=[case.pk])}")
    expect(advisor_page.locator("#timeline")).to_be_visible()
    assert style(advisor_page, ".ws-grid", "display") == "grid"
    assert len(style(advisor_page, ".ws-grid", "grid-template-columns").split()) == 1
    assert "underline" in style(advisor_page, ".breadcrumbs a", "text-decoration-line")
    assert advisor_page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    no_csp_violations(advisor_page)
    shot(advisor_page, "32-advisor-workspace-phone")
