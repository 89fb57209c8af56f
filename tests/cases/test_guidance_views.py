from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import EventKind, Problem, Stage
from tests.factories import CaseFactory, platform
from tests.support.sections import every_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def douyin_refund_case(consumer):
    return CaseFactory(
        owner=consumer,
        platform=platform("douyin"),
        problem=Problem.REFUND_REFUSED,
        product="护肤品套装",
        shop_name="美肤旗舰店",
        order_number="6920481731205594",
        purchase_date=timezone.localdate() - timedelta(days=5),
        received_date=timezone.localdate() - timedelta(days=2),
    )


def test_case_page_shows_next_steps_deadlines_and_days_left(consumer_client, douyin_refund_case):
    case = douyin_refund_case
    html = consumer_client.get(case.get_absolute_url()).content.decode()
    assert 'class="card next-action' in html and 'id="next-step-title"' in html
    # the return window closes in 5 days: among the dates to watch, with the days left
    assert 'id="deadlines-soon"' in html
    assert "还剩 5 天" in html
    assert reverse("cases:more", args=[case.reference]) + "#deadlines" in html
    html = consumer_client.get(reverse("cases:more", args=[case.reference])).content.decode()
    assert 'id="deadlines"' in html
    due = case.received_date + timedelta(days=7)
    assert f"{due.year}年{due.month}月{due.day}日" in html
    assert "《消费者权益保护法》第二十五条" in html
    # the calculator: the refund with its legal basis
    assert 'id="compensation"' in html and "¥" in html
    assert "第二十五条第三款" in html


def test_counterfeit_case_page_shows_the_calculator_with_its_basis(consumer_client, consumer):
    case = CaseFactory(owner=consumer, problem=Problem.COUNTERFEIT, amount_paid="100")
    html = consumer_client.get(reverse("cases:more", args=[case.reference])).content.decode()
    assert 'id="compensation"' in html
    assert "¥500.00" in html
    assert "《消费者权益保护法》第五十五条第一款" in html


@pytest.mark.parametrize("stage", [value for value in Stage.values])
def test_every_rung_has_a_guidance_page(consumer_client, douyin_refund_case, stage):
    response = consumer_client.get(
        reverse("cases:guidance", args=[douyin_refund_case.reference, stage])
    )
    assert response.status_code == 200


def test_unknown_rung_or_letter_is_404(consumer_client, douyin_refund_case):
    ref = douyin_refund_case.reference
    assert consumer_client.get(reverse("cases:guidance", args=[ref, "moon"])).status_code == 404
    assert consumer_client.get(reverse("cases:letter", args=[ref, "poem"])).status_code == 404


@pytest.mark.parametrize("kind", ["merchant", "platform", "12315", "court"])
def test_letters_are_another_consumers_404(client, other_consumer, douyin_refund_case, kind):
    client.force_login(other_consumer)
    url = reverse("cases:letter", args=[douyin_refund_case.reference, kind])
    assert client.get(url).status_code == 404
    stage_url = reverse("cases:guidance", args=[douyin_refund_case.reference, "platform"])
    assert client.get(stage_url).status_code == 404


def test_12315_draft_has_the_fields_the_form_asks_for(
    consumer_client, douyin_refund_case, consumer
):
    services.case_add_event(
        case=douyin_refund_case,
        kind=EventKind.PLATFORM_REQUEST,
        happened_at=timezone.now() - timedelta(days=1),
        actor=consumer,
        summary="申请七天无理由退货被拒",
        ticket_number="SH-8812",
    )
    html = consumer_client.get(
        reverse("cases:letter", args=[douyin_refund_case.reference, "12315"])
    ).content.decode()
    for field in ("【投诉人】", "【被投诉人】", "【购买时间/订单】", "【事实与理由】", "【诉求】"):
        assert field in html
    for fact in (
        "美肤旗舰店",
        "6920481731205594",
        "护肤品套装",
        "申请七天无理由退货被拒",
        "SH-8812",
    ):
        assert fact in html


def test_court_skeleton_leaves_blanks_instead_of_inventing(consumer_client, consumer):
    case = CaseFactory(owner=consumer, problem=Problem.COUNTERFEIT, amount_paid="1000")
    html = consumer_client.get(
        reverse("cases:letter", args=[case.reference, "court"])
    ).content.decode()
    assert "民事起诉状" in html and "身份证号【请填写】" in html
    assert "3000.00" in html  # 3× the price, with its basis
    assert "《消费者权益保护法》第五十五条第一款" in html


def test_letters_escape_what_the_consumer_typed(consumer_client, consumer):
    case = CaseFactory(owner=consumer, product="<script>alert(1)</script>")
    html = consumer_client.get(
        reverse("cases:letter", args=[case.reference, "merchant"])
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_stage_rungs_link_to_their_guidance(consumer_client, douyin_refund_case):
    html = consumer_client.get(douyin_refund_case.get_absolute_url()).content.decode()
    assert reverse("cases:guidance", args=[douyin_refund_case.reference, "lawsuit"]) in html


def test_past_purchase_dates_still_render(consumer_client, consumer):
    case = CaseFactory(
        owner=consumer, purchase_date=date(2020, 1, 1), received_date=date(2020, 1, 3)
    )
    for url in every_section(case):
        assert consumer_client.get(url).status_code == 200, url


def test_letters_cite_the_article_that_fits_and_leave_out_stage_changes(
    consumer_client, douyin_refund_case, consumer
):
    services.case_add_event(
        case=douyin_refund_case,
        kind=EventKind.MERCHANT_MESSAGE,
        happened_at=timezone.now() - timedelta(hours=2),
        actor=consumer,
        summary="未拆封，申请七天无理由退货。",
    )
    services.case_move_stage(case=douyin_refund_case, stage=Stage.PLATFORM, actor=consumer)
    html = consumer_client.get(
        reverse("cases:letter", args=[douyin_refund_case.reference, "12315"])
    ).content.decode()
    assert "《消费者权益保护法》第二十五条" in html  # a refused return, not a quality problem
    assert "。。" not in html
    assert "阶段变更" not in html
