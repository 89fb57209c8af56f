"""Next steps read the timeline (cases.next_steps, through the case overview): a ticket filed,
a promise passed, a refusal logged change what is suggested next, on the consumer's page and
in the advisors' workspace alike."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from advisors.roles import make_advisor
from advisors.services import help_request
from cases import services
from cases.models import EventKind, Problem, Stage
from cases.overview import case_overview
from tests.factories import CaseFactory, UserFactory, platform

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def monday(time_machine):
    time_machine.move_to(at(date(2026, 11, 30)), tick=False)
    return time_machine


def on_platform(problem=Problem.NOT_DELIVERED, **fields):
    """A case on the platform rung since Monday 8:00."""
    case = CaseFactory(
        problem=problem, purchase_date=date(2026, 11, 20), platform=platform("douyin"), **fields
    )
    services.case_move_stage(
        case=case, stage=Stage.PLATFORM, actor=case.owner, happened_at=at(date(2026, 11, 30), 8)
    )
    return case


def log(case, kind, summary, day=date(2026, 11, 30), hour=9, **facts):
    return services.case_add_event(
        case=case,
        kind=kind,
        happened_at=at(day, hour),
        actor=case.owner,
        summary=summary,
        **facts,
    )


def steps(case):
    with translation.override("zh-hans"):
        guidance = case_overview(case=case).guidance
        return [(step.code, str(step.title), str(step.action)) for step in guidance.steps]


def test_with_nothing_logged_the_rung_asks_for_an_after_sales_request(monday):
    case = on_platform(problem=Problem.COUNTERFEIT)
    [(code, _title, action)] = steps(case)
    assert code == "after_sales"
    assert "假冒品牌" in action


def test_the_after_sales_hint_matches_the_problem(monday):
    [(code, _title, action)] = steps(on_platform(problem=Problem.NOT_DELIVERED))
    assert code == "after_sales"
    assert "假冒" not in action
    assert "未收到货" in action


def test_a_filed_ticket_is_followed_up_not_filed_again(monday):
    case = on_platform()
    log(case, EventKind.PLATFORM_REQUEST, "已申请退款", ticket_number="DY99001")
    [(code, title, action)] = steps(case)
    assert code == "after_sales_follow_up"
    assert "DY99001" in title
    assert "售后单号记到时间线" not in action


def test_a_promise_that_passed_means_escalate(monday):
    # given: the ticket and the platform's promise to answer by Wednesday, which passed
    case = on_platform()
    log(case, EventKind.PLATFORM_REQUEST, "已申请退款", ticket_number="DY99001")
    log(
        case,
        EventKind.PHONE_CALL,
        "客服说三天内回复",
        hour=9,
        promise="平台承诺回复",
        promised_by=date(2026, 12, 2),
    )
    monday.move_to(at(date(2026, 12, 7)), tick=False)
    # then: the first step is the next rung's, saying which promise lapsed
    (code, _title, action), *_ = steps(case)
    assert code == "platform_intervention"
    assert "平台承诺回复" in action and "2026-12-02" in action


def test_a_refusal_on_the_rung_means_the_next_channel(monday):
    case = on_platform()
    log(case, EventKind.PLATFORM_REQUEST, "已申请退款", ticket_number="DY99001")
    log(case, EventKind.PLATFORM_DECISION, "平台拒绝退款", hour=11)
    (code, _title, action), *_ = steps(case)
    assert code == "complain_12315"  # the platform's decision is its last word
    assert "2026-11-30" in action


def test_a_merchants_refusal_sends_the_consumer_to_the_platform(monday):
    case = CaseFactory(problem=Problem.DEFECT, purchase_date=date(2026, 11, 20))
    log(case, EventKind.MERCHANT_REPLY, "商家拒绝退款")
    (code, _title, _action), *_ = steps(case)
    assert code == "after_sales"


def test_a_refusal_before_the_case_reached_its_rung_does_not_count(monday):
    case = CaseFactory(problem=Problem.DEFECT, purchase_date=date(2026, 11, 20))
    log(case, EventKind.MERCHANT_REPLY, "商家拒绝退款", hour=7)
    services.case_move_stage(
        case=case, stage=Stage.PLATFORM, actor=case.owner, happened_at=at(date(2026, 11, 30), 8)
    )
    [(code, _title, _action)] = steps(case)
    assert code == "after_sales"


def test_the_consumer_and_the_volunteer_see_the_same_next_step(monday):
    case = on_platform()
    log(case, EventKind.PLATFORM_REQUEST, "已申请退款", ticket_number="DY99001")
    help_request(case=case, message="平台一直不回复")
    consumer = Client()
    consumer.force_login(case.owner)
    page = consumer.get(reverse("cases:detail", args=[case.reference])).content.decode()
    advisor = UserFactory(display_name="小林")
    make_advisor(advisor)
    volunteer = Client()
    volunteer.force_login(advisor)
    workspace = volunteer.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert workspace.status_code == 200
    for html in (page, workspace.content.decode()):
        assert "跟进售后申请 DY99001" in html
        assert "把售后单号记到时间线上" not in html
