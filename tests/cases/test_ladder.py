from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases import ladder, services
from cases.deadlines import WorkCalendar
from cases.models import EventKind, Problem, Stage
from platforms.models import ContactChannel, Platform, PlatformKind
from tests.factories import CaseFactory, platform

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def directory():
    """A small directory: an app path and a hotline per shopping platform, 12315, a court."""
    channels = {}
    for slug in ("douyin", "tmall", "pinduoduo"):
        shop = platform(slug)
        channels[slug] = [
            ContactChannel.objects.create(
                platform=shop, kind="app_path", label="售后", value=f"{slug} path",
                steps=["我", "订单", "申请售后"], source_title="s",
            ),
            ContactChannel.objects.create(
                platform=shop, kind="phone", label="客服", value="95152", source_title="s",
            ),
            ContactChannel.objects.create(
                platform=shop, kind="phone", label="商家热线", value="02153395088",
                audience="merchants", source_title="s",
            ),
        ]  # fmt: skip
    for slug, kind in (("12315", PlatformKind.GOVERNMENT), ("court", PlatformKind.COURT)):
        place, _ = Platform.objects.get_or_create(
            slug=slug, defaults={"name": slug, "name_en": slug, "kind": kind}
        )
        channels[slug] = [
            ContactChannel.objects.create(
                platform=place, kind="website", label="网站", value=f"https://{slug}.example",
                source_title="s",
            )
        ]  # fmt: skip
    return channels


@pytest.mark.parametrize("slug", ["douyin", "tmall", "pinduoduo"])
@pytest.mark.parametrize(
    ("stage", "problem", "codes", "then"),
    [
        (Stage.EVIDENCE, Problem.REFUND_REFUSED, ["keep_evidence"], "contact_merchant"),
        (Stage.MERCHANT, Problem.REFUND_REFUSED, ["contact_merchant"], "after_sales"),
        (Stage.PLATFORM, Problem.COUNTERFEIT, ["after_sales"], "platform_intervention"),
        (Stage.PLATFORM_INTERVENTION, Problem.DEFECT, ["platform_intervention"], "complain_12315"),
        (Stage.CONSUMER_AUTHORITY, Problem.COUNTERFEIT, ["complain_12315"], "report_regulator"),
        (Stage.CONSUMER_AUTHORITY, Problem.REFUND_REFUSED, ["complain_12315"], "lawsuit"),
        (Stage.REGULATOR, Problem.UNSAFE_FOOD, ["report_regulator"], "lawsuit"),
        (Stage.LAWSUIT, Problem.COUNTERFEIT, ["lawsuit"], None),
    ],
)
def test_next_steps_per_platform_problem_and_stage(directory, slug, stage, problem, codes, then):
    case = CaseFactory(platform=platform(slug), problem=problem)
    case.stage = stage
    guidance = ladder.guidance_for(case, directory)
    assert [step.code for step in guidance.steps] == codes
    assert (guidance.then.code if guidance.then else None) == then


@pytest.mark.parametrize("slug", ["douyin", "tmall", "pinduoduo"])
def test_platform_steps_use_that_platforms_consumer_channels(directory, slug):
    case = CaseFactory(platform=platform(slug))
    case.stage = Stage.PLATFORM_INTERVENTION
    [step] = ladder.guidance_for(case, directory).steps
    assert {c.platform.slug for c in step.channels} == {slug}
    assert [c.kind for c in step.channels] == ["app_path", "phone"]
    assert all(c.audience == "consumers" for c in step.channels)  # never the merchant line
    assert step.evidence and step.letter == "platform"


def test_12315_step_points_to_12315_with_its_working_day_rule(directory):
    case = CaseFactory(platform=platform("douyin"))
    case.stage = Stage.CONSUMER_AUTHORITY
    [step] = ladder.guidance_for(case, directory).steps
    assert [c.platform.slug for c in step.channels] == ["12315"]
    assert step.letter == "12315"
    assert "第十四条" in step.basis[0].citation


def test_merchant_script_has_the_case_facts_in_chinese():
    case = CaseFactory(
        product="护肤品套装", order_number="6920481731205594", problem=Problem.REFUND_REFUSED
    )
    script = ladder.merchant_script(case)
    assert "护肤品套装" in script and "6920481731205594" in script and "48小时" in script


def test_an_empty_directory_gives_steps_without_channels():
    case = CaseFactory()
    case.stage = Stage.PLATFORM
    [step] = ladder.guidance_for(case, {}).steps
    assert step.channels == ()


# --- deadlines for a case ------------------------------------------------------------------


def at(day: date, hour=10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def codes_and_dates(deadlines):
    return {d.code: d.due for d in deadlines}


def test_douyin_refund_refused_case_deadlines():
    case = CaseFactory(
        platform=platform("douyin"), problem=Problem.REFUND_REFUSED,
        purchase_date=date(2026, 9, 20), received_date=date(2026, 9, 28),
    )  # fmt: skip
    deadlines = codes_and_dates(ladder.case_deadlines(case, [], WorkCalendar(), date(2026, 9, 29)))
    assert deadlines["no_reason_return"] == date(2026, 10, 5)  # 168 hours, not moved
    assert "quality_return" not in deadlines  # a refusal, not a quality problem
    assert deadlines["limitation"] == date(2029, 9, 28)
    assert deadlines["complaint_cutoff"] == date(2029, 9, 28)


def test_quality_problem_return_rolls_past_national_day():
    case = CaseFactory(
        problem=Problem.DEFECT, purchase_date=date(2026, 9, 20), received_date=date(2026, 9, 28)
    )
    deadlines = codes_and_dates(ladder.case_deadlines(case, [], WorkCalendar()))
    assert deadlines["quality_return"] == date(2026, 10, 8)


def test_missing_received_date_says_which_date_is_needed():
    case = CaseFactory(received_date=None)
    [item] = [
        d for d in ladder.case_deadlines(case, [], WorkCalendar()) if d.code == "no_reason_return"
    ]
    assert item.due is None
    assert "received" in str(item.needs) or "收货日期" in str(item.needs)


def test_not_delivered_has_no_return_window():
    case = CaseFactory(problem=Problem.NOT_DELIVERED, received_date=None)
    assert "no_reason_return" not in codes_and_dates(
        ladder.case_deadlines(case, [], WorkCalendar())
    )


def test_promises_12315_clocks_and_limitation_restart_from_the_timeline():
    case = CaseFactory(purchase_date=date(2026, 9, 1), received_date=date(2026, 9, 3))
    call = services.case_add_event(
        case=case, kind=EventKind.PHONE_CALL, happened_at=at(date(2026, 9, 25)), actor=case.owner,
        summary="客服", promise="三个工作日内回复", promised_by=date(2026, 9, 30),
    )  # fmt: skip
    services.case_add_event(
        case=case, kind=EventKind.COMPLAINT_12315, happened_at=at(date(2026, 9, 30)),
        actor=case.owner, summary="投诉", complaint_number="1231520260930001",
    )  # fmt: skip
    deadlines = codes_and_dates(
        ladder.case_deadlines(case, list(case.events.all()), WorkCalendar(), date(2026, 10, 1))
    )
    assert deadlines[f"promise-{call.pk}"] == date(2026, 9, 30)
    assert deadlines["complaint_acceptance"] == date(
        2026, 10, 15
    )  # 7 working days after National Day
    assert deadlines["mediation_period"] > deadlines["complaint_acceptance"]
    # restarted by the complaint: 30 Sep 2029 is a Sunday and 1-3 October are fixed holidays;
    # 2029 has no official schedule yet, so the date is provisional
    assert deadlines["limitation"] == date(2029, 10, 4)


def test_deleted_entries_do_not_make_deadlines():
    case = CaseFactory()
    event = services.case_add_event(
        case=case, kind=EventKind.PHONE_CALL, happened_at=timezone.now() - timedelta(hours=1),
        actor=case.owner, summary="x", promise="y", promised_by=timezone.localdate(),
    )  # fmt: skip
    services.case_event_hide(event=event, actor=case.owner)
    codes = codes_and_dates(ladder.case_deadlines(case, list(case.events.all()), WorkCalendar()))
    assert f"promise-{event.pk}" not in codes
