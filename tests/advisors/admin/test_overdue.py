"""A shared case's overdue deadlines and their dismissal (advisors/admin/overdue.py): only the
volunteer holding the case dismisses, with a reason; the queue and the consumer's timeline
show the result."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from advisors.models import HelpRequest
from advisors.services import case_take
from cases import services
from cases.models import Case, CaseEvent, EventKind, Problem
from tests.factories import CaseFactory, UserFactory
from tests.support.advisors import CHANGELIST, listed, shared

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def lapsed(time_machine, consumer):
    """A shared case whose platform promise (due 2 December) passed; today is 7 December."""
    time_machine.move_to(at(date(2026, 11, 30)), tick=False)
    case = shared(owner=consumer, problem=Problem.NOT_DELIVERED, purchase_date=date(2026, 11, 20))
    call = services.case_add_event(
        case=case,
        kind=EventKind.PHONE_CALL,
        happened_at=at(date(2026, 11, 30), 9),
        actor=consumer,
        summary="客服说三天内回复",
        promise="平台承诺回复",
        promised_by=date(2026, 12, 2),
    )
    time_machine.move_to(at(date(2026, 12, 7)), tick=False)
    services.case_add_event(
        case=case,
        kind=EventKind.PLATFORM_DECISION,
        happened_at=at(date(2026, 12, 7), 9),
        actor=consumer,
        summary="平台判定不支持退款",
    )
    return case, f"promise-{call.pk}"


def url(case: Case) -> str:
    return reverse("admin:advisors_case_overdue", args=[case.pk])


def test_the_queue_says_how_long_and_which_deadline_and_links_to_it(advisor_client, lapsed):
    case, _code = lapsed
    page = listed(advisor_client.get(reverse(CHANGELIST) + "?deadline=overdue"))
    assert case.reference in page
    assert "逾期 5 天：对方承诺：平台承诺回复" in page
    assert url(case) in page


def test_the_holder_dismisses_with_a_reason_and_the_consumer_sees_it(
    advisor_client, advisor, consumer_client, lapsed
):
    case, code = lapsed
    case_take(case=case, advisor=advisor)
    page = listed(advisor_client.get(url(case)))
    assert "承诺：平台承诺回复" in page and "逾期 5 天" in page
    # an empty reason is refused beside the field, in Chinese
    response = advisor_client.post(url(case), {"code": code, "reason": "   "})
    assert response.status_code == 400
    assert "请说明这个期限为什么无需再跟进。" in response.content.decode()
    assert not CaseEvent.objects.filter(kind=EventKind.DEADLINE_DISMISSED).exists()
    # a reason dismisses it
    response = advisor_client.post(url(case), {"code": code, "reason": "消费者来电：平台已退款"})
    assert response.status_code == 302
    dismissal = CaseEvent.objects.get(case=case, kind=EventKind.DEADLINE_DISMISSED)
    assert (dismissal.actor, dismissal.summary) == (advisor, "消费者来电：平台已退款")
    assert case.reference not in listed(
        advisor_client.get(reverse(CHANGELIST) + "?deadline=overdue")
    )
    timeline = listed(consumer_client.get(reverse("cases:timeline", args=[case.reference])))
    assert "消费者来电：平台已退款" in timeline
    assert "逾期期限已解除" in timeline
    # a system entry: the consumer is offered no edit or delete for it
    assert f"events/{dismissal.pk}/edit/" not in timeline


def test_a_deadline_no_longer_overdue_is_refused_with_a_message(advisor_client, advisor, lapsed):
    case, _code = lapsed
    case_take(case=case, advisor=advisor)
    response = advisor_client.post(
        url(case), {"code": "limitation", "reason": "无需跟进"}, follow=True
    )
    assert "这个期限已不再逾期。" in response.content.decode()
    assert not CaseEvent.objects.filter(kind=EventKind.DEADLINE_DISMISSED).exists()


@pytest.mark.parametrize("holder", ["nobody", "other volunteer"])
def test_only_the_holder_dismisses(advisor_client, other_advisor, lapsed, holder):
    case, code = lapsed
    if holder == "other volunteer":
        case_take(case=case, advisor=other_advisor)
    page = listed(advisor_client.get(url(case)))
    assert "请先认领这个案件" in page
    response = advisor_client.post(url(case), {"code": code, "reason": "无需跟进"}, follow=True)
    assert "请先认领这个案件" in response.content.decode()
    assert not CaseEvent.objects.filter(kind=EventKind.DEADLINE_DISMISSED).exists()


def test_plain_staff_get_403_and_a_case_not_shared_is_404(advisor_client, lapsed):
    case, code = lapsed
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    assert staff.get(url(case)).status_code == 403
    assert staff.post(url(case), {"code": code, "reason": "x"}).status_code == 403
    private = CaseFactory()
    assert advisor_client.get(url(private)).status_code == 404
    HelpRequest.objects.filter(case=case).update(withdrawn_at=at(date(2026, 12, 7)))
    Case.objects.filter(pk=case.pk).update(shared_with_advisors=False)
    assert advisor_client.get(url(case)).status_code == 404
    consumer = Client()
    consumer.force_login(case.owner)
    assert consumer.get(url(case)).status_code == 302  # to the admin's login
