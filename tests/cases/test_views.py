from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, EventKind, Outcome, Stage
from tests.factories import CaseFactory, add_call, platform

pytestmark = pytest.mark.django_db


def case_form_data(**overrides):
    data = {
        "platform": platform("pinduoduo").pk,
        "shop_name": "数码优选专营店",
        "product": "蓝牙耳机",
        "order_number": "231104-58392019347721",
        "amount_paid": "1,299.50",
        "purchase_date": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "received_date": (timezone.localdate() - timedelta(days=7)).isoformat(),
        "problem": "counterfeit",
        "wants": ["refund", "compensation"],
        "description": "没有防伪码",
    }
    data.update(overrides)
    return data


def event_form_data(**overrides):
    data = {
        "kind": "phone_call",
        "when": "pick",
        "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "客服说三天内回复",
        "number_dialled": "021-53395288",
        "agent_id": "PDD-0731",
        "promise": "3个工作日内回复",
        "promised_by": (timezone.localdate() + timedelta(days=3)).isoformat(),
    }
    data.update(overrides)
    return data


# --- pages need a login -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cases:list", "cases:new"])
def test_case_pages_send_anonymous_visitors_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_landing_page_explains_and_offers_to_start(client):
    html = client.get("/").content.decode()
    assert "开始维权" in html or "新建案件" in html
    assert "12315" in html


# --- another consumer's case is a 404 on every URL ------------------------------------------


def case_urls(case: Case, event: CaseEvent) -> list[tuple[str, str]]:
    ref = case.reference
    return [
        ("get", reverse("cases:detail", args=[ref])),
        ("get", reverse("cases:edit", args=[ref])),
        ("post", reverse("cases:edit", args=[ref])),
        ("post", reverse("cases:stage", args=[ref])),
        ("get", reverse("cases:close", args=[ref])),
        ("post", reverse("cases:close", args=[ref])),
        ("post", reverse("cases:reopen", args=[ref])),
        ("post", reverse("cases:event_new", args=[ref])),
        ("get", reverse("cases:event_edit", args=[ref, event.pk])),
        ("post", reverse("cases:event_edit", args=[ref, event.pk])),
        ("get", reverse("cases:event_delete", args=[ref, event.pk])),
        ("post", reverse("cases:event_delete", args=[ref, event.pk])),
    ]


def test_every_case_url_is_404_for_another_consumer(client, other_consumer):
    case = CaseFactory()
    event = add_call(case)
    client.force_login(other_consumer)
    for method, url in case_urls(case, event):
        response = getattr(client, method)(url, event_form_data())
        assert response.status_code == 404, (method, url)
    case.refresh_from_db()
    assert case.events.count() == 1 and case.stage == Stage.EVIDENCE
    assert not case.is_closed


def test_another_consumers_case_is_not_listed(consumer_client, consumer):
    mine = CaseFactory(owner=consumer, product="我的耳机")
    CaseFactory(product="别人的鞋")
    html = consumer_client.get(reverse("cases:list") + "?status=all").content.decode()
    assert mine.reference in html
    assert "别人的鞋" not in html


def test_an_event_of_another_case_is_404_even_inside_my_own_case(consumer_client, consumer):
    mine = CaseFactory(owner=consumer)
    theirs = add_call(CaseFactory())
    url = reverse("cases:event_edit", args=[mine.reference, theirs.pk])
    assert consumer_client.get(url).status_code == 404


# --- opening a case ---------------------------------------------------------------------


def test_new_case_form_is_in_chinese_with_the_platforms(consumer_client):
    html = consumer_client.get(reverse("cases:new")).content.decode()
    for name in ("抖音", "天猫", "拼多多", "淘宝", "京东"):
        assert name in html
    assert "实付金额" in html or "金额" in html


def test_open_a_case_and_land_on_it(consumer_client, consumer):
    response = consumer_client.post(reverse("cases:new"), case_form_data())
    case = Case.objects.get(owner=consumer)
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    assert str(case.amount_paid) == "1299.50"
    assert case.wants == ["refund", "compensation"]
    html = consumer_client.get(case.get_absolute_url()).content.decode()
    assert case.reference in html
    assert "¥1,299.50" in html
    assert "保留证据" in html


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"amount_paid": "0"}, "大于"),
        ({"amount_paid": "-5"}, "大于"),
        ({"amount_paid": "abc"}, "数字"),
        ({"amount_paid": "1.234"}, "两位小数"),
        ({"purchase_date": "2999-01-01", "received_date": ""}, "不能晚于今天"),
        ({"purchase_date": "2026-02-30"}, "有效日期"),
        ({"received_date": "2020-01-01"}, "不能早于购买日期"),
        ({"order_number": "2311 0458"}, "空格"),
        ({"order_number": "1" * 65}, "64"),
        ({"order_number": "订单#1"}, "字母、数字"),
        ({"wants": []}, "至少"),
    ],
)
def test_bad_case_input_is_explained_and_the_rest_is_kept(
    consumer_client, consumer, overrides, field_message
):
    response = consumer_client.post(reverse("cases:new"), case_form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert field_message in html
    assert 'value="数码优选专营店"' in html  # what was typed is still there
    assert "没有防伪码" in html
    assert not Case.objects.filter(owner=consumer).exists()


def test_editing_a_case_keeps_everything_on_a_bad_amount(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    response = consumer_client.post(
        reverse("cases:edit", args=[case.reference]),
        case_form_data(amount_paid="-1", shop_name="改名"),
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.shop_name != "改名"
    consumer_client.post(
        reverse("cases:edit", args=[case.reference]), case_form_data(shop_name="改名")
    )
    case.refresh_from_db()
    assert case.shop_name == "改名"


# --- the timeline -------------------------------------------------------------------------


def test_log_a_phone_call_and_see_it_on_the_timeline(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    response = consumer_client.post(
        reverse("cases:event_new", args=[case.reference]), event_form_data()
    )
    assert response.status_code == 302
    event = case.events.get()
    assert event.kind == EventKind.PHONE_CALL
    assert event.data["number_dialled"] == "02153395288"
    assert response.url == reverse("cases:timeline", args=[case.reference])
    html = consumer_client.get(response.url).content.decode()
    assert "电话沟通" in html
    assert "PDD-0731" in html
    assert "021-53395288" in html
    assert "3个工作日内回复" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"number_dialled": "12"}, "电话号码"),
        ({"happened_at": "2999-01-01T10:00"}, "不能晚于现在"),
        ({"happened_at": "yesterday"}, "有效的日期和时间"),
        ({"promised_by": "2020-01-01"}, "不能早于"),
        ({"summary": ""}, "写下"),
    ],
)
def test_bad_event_input_is_explained_and_kept(consumer_client, consumer, overrides, message):
    case = CaseFactory(owner=consumer)
    response = consumer_client.post(
        reverse("cases:event_new", args=[case.reference]), event_form_data(**overrides)
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "PDD-0731" in html
    assert not case.events.exists()


def test_fields_of_another_kind_are_not_stored(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    consumer_client.post(
        reverse("cases:event_new", args=[case.reference]),
        event_form_data(kind="complaint_12315", complaint_number="1231520261115000123"),
    )
    assert case.events.get().data == {"complaint_number": "1231520261115000123"}


def test_edit_event_shows_it_as_edited_with_the_earlier_version(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    event = add_call(case, summary="最初的说法")
    url = reverse("cases:event_edit", args=[case.reference, event.pk])
    assert "最初的说法" in consumer_client.get(url).content.decode()
    response = consumer_client.post(url, event_form_data(summary="更正后的说法"))
    assert response.url == f"{reverse('cases:timeline', args=[case.reference])}#event-{event.pk}"
    html = consumer_client.get(response.url).content.decode()
    assert "更正后的说法" in html
    assert "已编辑" in html
    assert "最初的说法" in html  # the earlier version stays visible


def test_delete_event_hides_it_and_says_one_is_kept(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    event = add_call(case, summary="打错了")
    response = consumer_client.post(reverse("cases:event_delete", args=[case.reference, event.pk]))
    assert response.url == reverse("cases:timeline", args=[case.reference])
    html = consumer_client.get(response.url).content.decode()
    assert "打错了" not in html
    assert "有 1 条已删除的记录仍保留在档案中" in html
    assert CaseEvent.objects.filter(pk=event.pk, hidden_at__isnull=False).exists()


def test_system_events_cannot_be_edited_through_the_url(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    event = services.case_move_stage(case=case, stage=Stage.MERCHANT, actor=consumer)
    assert (
        consumer_client.get(
            reverse("cases:event_edit", args=[case.reference, event.pk])
        ).status_code
        == 404
    )


# --- stage, close, reopen ------------------------------------------------------------------


def test_move_stage_and_close_and_reopen(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    consumer_client.post(reverse("cases:stage", args=[case.reference]), {"stage": "platform"})
    case.refresh_from_db()
    assert case.stage == Stage.PLATFORM
    consumer_client.post(
        reverse("cases:close", args=[case.reference]),
        {
            "outcome": "refunded",
            "closed_on": timezone.localdate().isoformat(),
            "summary": "全额退款",
        },
    )
    case.refresh_from_db()
    assert case.outcome == Outcome.REFUNDED
    html = consumer_client.get(case.get_absolute_url()).content.decode()
    assert "已退款" in html
    # a closed case takes no new entries
    consumer_client.post(reverse("cases:event_new", args=[case.reference]), event_form_data())
    assert not case.events.filter(kind=EventKind.PHONE_CALL).exists()
    consumer_client.post(reverse("cases:reopen", args=[case.reference]))
    case.refresh_from_db()
    assert not case.is_closed


def test_close_refuses_a_date_before_the_purchase(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    response = consumer_client.post(
        reverse("cases:close", args=[case.reference]),
        {"outcome": "refunded", "closed_on": "2000-01-01"},
    )
    assert "不能早于购买日期" in response.content.decode()
    case.refresh_from_db()
    assert not case.is_closed


def test_list_filters_open_and_closed(consumer_client, consumer):
    open_case = CaseFactory(owner=consumer, product="还在维权的耳机")
    closed_case = CaseFactory(owner=consumer, product="已经退款的水壶")
    services.case_close(
        case=closed_case, outcome=Outcome.REFUNDED, closed_on=timezone.localdate(), actor=consumer
    )
    open_html = consumer_client.get(reverse("cases:list")).content.decode()
    closed_html = consumer_client.get(reverse("cases:list") + "?status=closed").content.decode()
    assert open_case.product in open_html and closed_case.product not in open_html
    assert closed_case.product in closed_html and open_case.product not in closed_html


def test_dates_and_amounts_in_chinese_format(consumer_client, consumer):
    from datetime import date

    case = CaseFactory(owner=consumer, purchase_date=date(2026, 11, 3), amount_paid="1234.5")
    html = consumer_client.get(reverse("cases:more", args=[case.reference])).content.decode()
    assert "2026年11月3日" in html
    assert "¥1,234.50" in html
    # the amount is in the header every section shares
    assert "¥1,234.50" in consumer_client.get(case.get_absolute_url()).content.decode()


# --- forms are CSRF-protected -----------------------------------------------------------


def test_case_forms_reject_posts_without_csrf_token(client, consumer):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(consumer)
    case = CaseFactory(owner=consumer)
    assert csrf_client.post(reverse("cases:new"), case_form_data()).status_code == 403
    assert (
        csrf_client.post(
            reverse("cases:event_new", args=[case.reference]), event_form_data()
        ).status_code
        == 403
    )


# --- constant queries ------------------------------------------------------------------


def test_case_list_queries_do_not_grow_with_cases(
    consumer_client, consumer, django_assert_max_num_queries
):
    for _ in range(15):
        CaseFactory(owner=consumer)
    with django_assert_max_num_queries(6):
        consumer_client.get(reverse("cases:list") + "?status=all")


def test_case_detail_queries_do_not_grow_with_events(
    consumer_client, consumer, django_assert_max_num_queries
):
    case = CaseFactory(owner=consumer)
    for number in range(20):
        event = add_call(case, agent_id=f"A{number}")
        services.case_event_edit(
            event=event, actor=consumer, happened_at=event.happened_at, summary=f"改 {number}"
        )
    # the entries are read on the first section (dates, undo) and shown on the timeline's
    for name in ("cases:detail", "cases:timeline"):
        with django_assert_max_num_queries(12):
            consumer_client.get(reverse(name, args=[case.reference]))


# --- language -------------------------------------------------------------------------


def test_english_is_available_from_the_footer(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    response = consumer_client.post(
        reverse("set_language"), {"language": "en", "next": case.get_absolute_url()}
    )
    assert response.status_code == 302
    html = consumer_client.get(case.get_absolute_url()).content.decode()
    assert "Keep evidence" in html and "Contacts" in html
    assert 'lang="en"' in html
    timeline = consumer_client.get(reverse("cases:timeline", args=[case.reference]))
    assert "Timeline" in timeline.content.decode()
