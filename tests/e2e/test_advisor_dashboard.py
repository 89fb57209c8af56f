"""The advisors' dashboard on a 390 px phone, in Debian's Chromium under the site's CSP: with
every platform in its charts, overdue cases with long deadline names and the volunteers'
figures, nothing is wider than the screen and no style is blocked."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from advisors.roles import make_advisor
from advisors.services import case_take, help_request, reply_send
from cases.models import Case, Outcome, Stage
from cases.services import case_close, case_move_stage
from platforms.models import Platform
from tests.factories import CaseFactory, UserFactory
from tests.support.browser import signed_in_watching_csp
from tests.support.screens import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_fits_a_390_px_phone(page: Page, live_server):
    # given: a case per shopping platform and stage, overdue ones with long deadline names,
    # closed ones, and two volunteers, one of whom answered
    advisor = UserFactory(display_name="小林")
    make_advisor(advisor)
    make_advisor(UserFactory(display_name="老周"))
    shops = list(Platform.objects.filter(kind="shopping")[:7])
    assert len(shops) >= 5
    for n, shop in enumerate(shops):
        case = CaseFactory(platform=shop)
        case_move_stage(case=case, stage=list(Stage)[1 + n % 5], actor=case.owner)
        help_request(case=case, message="平台答应三天内回复，到现在没有消息，怎么办？")
        Case.objects.filter(pk=case.pk).update(
            next_deadline_on=timezone.localdate() - timedelta(days=3 + n),
            next_deadline_name="对方承诺：平台客服承诺在三个工作日内给出退款处理结果并回电",
        )
        if n % 2:
            case_take(case=case, advisor=advisor)
            reply_send(case=case, author=advisor, body="先申请平台介入")
        closed = CaseFactory(platform=shop)
        case_close(
            case=closed,
            outcome=list(Outcome)[n % len(Outcome)],
            closed_on=timezone.localdate(),
            actor=closed.owner,
        )
    signed_in_watching_csp(page, live_server, advisor)

    # when
    page.goto(f"{live_server.url}{reverse('advisor_dashboard')}")

    # then
    assert page.viewport_size["width"] == 390
    expect(page.locator("#volunteers")).to_be_visible()
    expect(page.locator("#overdue-shared")).to_contain_text("逾期")
    assert page.locator("style").count() == 0
    assert page.evaluate("() => window.cspViolations") == []
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth,"
        " charts: [...document.querySelectorAll('svg.chart')]"
        ".map(svg => svg.getBoundingClientRect().right)})"
    )
    assert widths["page"] <= 390, widths
    assert len(widths["charts"]) == 4
    assert max(widths["charts"]) <= 390, widths
    shot(page, "33-advisor-dashboard-390")
