"""The case overview: what every page about a case shows, read in a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.deadlines import WorkCalendar
from cases.models import Case, EventKind, Problem, Stage
from cases.overview import CaseOverview, case_overview, overview_of
from platforms.models import ContactChannel, Platform, Policy
from tests.factories import CaseFactory, add_call, platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(consumer):
    case = CaseFactory(owner=consumer, problem=Problem.COUNTERFEIT, amount_paid=Decimal("200"))
    Policy.objects.create(
        platform=case.platform,
        code="fake-pays-ten",
        title="假一赔十",
        offer="假一赔十",
        counterfeit_multiplier=10,
        source_title="平台规则",
    )
    ContactChannel.objects.create(
        platform=case.platform,
        kind="app_path",
        label="售后",
        value="我的 → 订单 → 售后",
        source_title="s",
    )
    return case


def test_the_overview_holds_what_the_case_page_shows(case, consumer):
    # given a call with a promise, a deleted note and a move to the merchant rung
    promised = timezone.localdate() + timedelta(days=3)
    call = add_call(case, agent_id="PDD-0731", promise="三天内退款", promised_by=promised)
    note = services.case_add_event(
        case=case,
        kind=EventKind.NOTE,
        happened_at=timezone.now(),
        actor=consumer,
        summary="写错了",
    )
    services.case_event_hide(event=note, actor=consumer)
    services.case_move_stage(case=case, stage=Stage.MERCHANT, actor=consumer)
    case = Case.objects.select_related("platform").get(pk=case.pk)
    # when
    overview = case_overview(case=case)
    # then
    assert [event.kind for event in overview.timeline] == [EventKind.STAGE_CHANGE, "phone_call"]
    assert [event.kind for event in overview.chronological] == ["phone_call", "stage_change"]
    assert overview.hidden_count == 1
    assert [step.code for step in overview.guidance.steps] == ["contact_merchant"]
    assert overview.guidance.steps[0].channels[0].value == "我的 → 订单 → 售后"
    assert f"promise-{call.pk}" in [deadline.code for deadline in overview.deadlines]
    promise = next(d for d in overview.deadlines if d.code == f"promise-{call.pk}")
    assert promise.due == promised
    assert [claim.code for claim in overview.claims][:1] == ["refund"]
    assert Decimal("2000.00") in [claim.amount for claim in overview.claims]  # 假一赔十
    assert f"promise-{call.pk}" in [reminder.source_key for reminder in overview.reminders]
    assert [code for code, _ in overview.stages] == [stage.value for stage in Stage]
    assert overview.today == timezone.localdate()


def test_today_can_be_given_for_the_deadlines(case):
    later = timezone.localdate() + timedelta(days=400)
    assert case_overview(case=case, today=later).today == later


def test_the_overview_is_read_in_seven_queries_however_long_the_timeline(
    case, consumer, django_assert_num_queries
):
    for number in range(15):
        event = add_call(case, agent_id=f"A{number}")
        services.case_event_edit(
            event=event, actor=consumer, happened_at=event.happened_at, summary=f"改 {number}"
        )
    case = Case.objects.select_related("platform").get(pk=case.pk)
    case_overview(case=case)  # the directory and the calendar, read into this process
    # timeline + revisions, the versions of the channels, promises and calendar kept in
    # memory (core/reference.py), reminders, hidden count
    with django_assert_num_queries(7):
        overview = case_overview(case=case)
    assert len(overview.timeline) == 15
    assert all(len(event.earlier_versions) == 1 for event in overview.timeline)


def test_an_unsaved_case_gets_an_overview_without_a_query(django_assert_num_queries):
    """As a worker's warm-up dossier is laid out: from memory only."""
    case = Case(
        reference="WQ-0000-000000",
        platform=Platform(name="示例平台", slug="example"),
        shop_name="示例店铺",
        product="示例商品",
        amount_paid=Decimal("100"),
        purchase_date=timezone.localdate(),
        problem=Problem.COUNTERFEIT,
        wants=["refund"],
    )
    with django_assert_num_queries(0):
        overview = overview_of(
            case=case, timeline=[], channels={}, promises=[], calendar=WorkCalendar()
        )
    assert isinstance(overview, CaseOverview)
    assert overview.deadlines and overview.claims and overview.guidance.steps


def test_the_case_page_is_rendered_from_the_overview(consumer_client, case):
    add_call(case, summary="客服说会处理")
    overview = case_overview(case=case)
    assert isinstance(overview, CaseOverview)
    # the first section: the rung's steps and the dates to watch
    response = consumer_client.get(case.get_absolute_url())
    assert response.context["deadlines"] == overview.deadlines
    assert response.context["timeline"] == overview.timeline
    assert response.context["step"] == overview.guidance.steps[0]
    # the "more" section: every deadline, the claims and the reminders
    response = consumer_client.get(reverse("cases:more", args=[case.reference]))
    assert response.context["deadlines"] == overview.deadlines
    assert response.context["claims"] == overview.claims
    assert response.context["reminders"] == overview.reminders
    html = response.content.decode()
    assert "¥2,000.00" in html  # the platform's 假一赔十, from the overview's claims


def test_platform_reads_live_in_the_platforms_app(case):
    from platforms.selectors import directory_channels, platform_promises

    assert platform_promises(platform=case.platform) == [("假一赔十", 10, False)]
    channels = directory_channels(slugs=[case.platform.slug, "no-such-place"])
    assert list(channels) == [case.platform.slug]
    assert platform("douyin").slug not in channels
