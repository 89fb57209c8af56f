"""Bad input to the case forms: a Chinese message of our own beside the field, and what was
typed kept. Absurd years and over-long text are refused like every other mistake."""

import html as html_lib
import re
from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from cases.forms import CaseForm, CloseForm, EventForm, ReminderForm, StageForm
from cases.models import LOGGABLE_EVENT_KINDS, Case
from tests.cases.test_views import case_form_data, event_form_data
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def field_error(page: str, name: str) -> str:
    """The text of the error shown right under a field (crispy's invalid-feedback block)."""
    found = re.search(
        rf'<div id="id_{name}_error" class="invalid-feedback">(.*?)</div>', page, re.DOTALL
    )
    assert found, f"no error beside {name}"
    return html_lib.unescape(re.sub(r"<[^>]+>|\s+", "", found.group(1)))


def typed_value(page: str, name: str) -> str:
    """What the field holds when the page comes back (an input's value or a textarea's text)."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'<textarea[^>]*name="{name}"[^>]*>\s*(.*?)</textarea>', page, re.DOTALL
    )
    assert found, f"{name} lost what was typed"
    return html_lib.unescape(found.group(1))


LONG = "长" * 5001
BEFORE_2000 = "请检查年份：不接受2000年1月1日之前的日期。"
PURCHASE_EARLY = "购买日期不能早于2000年1月1日。"
RECEIVED_EARLY = "收货日期不能早于2000年1月1日。"
FIVE_YEARS_AHEAD = "请检查年份：这个日期在五年以后。"
NOT_AN_OPTION = "请从列出的选项中选择一项。"


def too_long(limit: int) -> str:
    return f"最多{limit}个字（现在是{limit + 1}个）。"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        # the probe's 0001-01-01, which the page then showed as "已过 738854 天"
        ({"purchase_date": "0001-01-01", "received_date": ""}, "purchase_date", PURCHASE_EARLY),
        ({"purchase_date": "1999-12-31", "received_date": ""}, "purchase_date", PURCHASE_EARLY),
        ({"purchase_date": "2000-01-01", "received_date": "1999-06-01"}, "received_date",
         RECEIVED_EARLY),
        ({"description": LONG}, "description", too_long(5000)),
        ({"shop_name": "店" * 101}, "shop_name", too_long(100)),
        ({"product": "品" * 201}, "product", too_long(200)),
        ({"order_number": "1" * 65}, "order_number", "订单号最多64个字符。"),
        ({"shop_name": ""}, "shop_name", "请填写店铺或商家名称。"),
        ({"product": ""}, "product", "请填写你买了什么。"),
        ({"problem": "bored"}, "problem", NOT_AN_OPTION),
        ({"wants": ["refund", "revenge"]}, "wants", NOT_AN_OPTION),
        ({"platform": "999999"}, "platform", NOT_AN_OPTION),
    ],
)  # fmt: skip
def test_bad_case_input_is_refused_beside_its_field(
    consumer_client, consumer, overrides, field, message
):
    data = case_form_data(**overrides)
    response = consumer_client.post(reverse("cases:new"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert field_error(page, field) == message
    assert not Case.objects.filter(owner=consumer).exists()
    if data[field] and field in ("purchase_date", "received_date", "description", "shop_name"):
        assert typed_value(page, field) == data[field]
    assert typed_value(page, "product" if field != "product" else "shop_name")


def test_a_case_from_2000_on_is_accepted(consumer_client, consumer):
    response = consumer_client.post(
        reverse("cases:new"),
        case_form_data(
            purchase_date="2000-01-01", received_date="2000-01-03", description="长" * 5000
        ),
    )
    assert response.status_code == 302
    assert len(Case.objects.get(owner=consumer).description) == 5000


def test_editing_a_case_refuses_an_absurd_year_too(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    response = consumer_client.post(
        reverse("cases:edit", args=[case.reference]), case_form_data(purchase_date="0001-01-01")
    )
    assert field_error(response.content.decode(), "purchase_date") == PURCHASE_EARLY
    case.refresh_from_db()
    assert case.purchase_date.year > 2000


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"happened_at": "0001-01-01T10:00"}, "happened_at", BEFORE_2000),
        ({"promised_by": "9999-12-31"}, "promised_by", FIVE_YEARS_AHEAD),
        ({"summary": "说" * 5001}, "summary", too_long(5000)),
        ({"agent_id": "A" * 51}, "agent_id", too_long(50)),
        ({"promise": "诺" * 501}, "promise", too_long(500)),
        ({"number_dialled": "1" * 31}, "number_dialled", too_long(30)),
    ],
)  # fmt: skip
def test_bad_timeline_input_is_refused_beside_its_field(
    consumer_client, consumer, overrides, field, message
):
    case = CaseFactory(owner=consumer)
    data = event_form_data(**overrides)
    response = consumer_client.post(reverse("cases:event_new", args=[case.reference]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert field_error(page, field) == message
    assert typed_value(page, "agent_id") == data["agent_id"]
    if field in ("happened_at", "promised_by", "summary", "promise"):
        assert typed_value(page, field) == data[field]
    assert not case.events.exists()


def test_an_unknown_kind_is_refused_in_our_words(consumer_client, consumer):
    """The kind is a hidden field set by the chip tapped; a forged one is refused at the top
    of the form, which then opens on the kind the case's rung expects."""
    case = CaseFactory(owner=consumer)
    data = event_form_data(kind="gossip")
    response = consumer_client.post(reverse("cases:event_new", args=[case.reference]), data)
    page = response.content.decode()
    assert response.status_code == 400
    found = re.search(r'<div class="alert alert-danger py-2">(.*?)</div>', page, re.DOTALL)
    assert found, "no error for the kind"
    assert found.group(1).strip() == NOT_AN_OPTION
    assert typed_value(page, "summary") == data["summary"]
    assert not case.events.exists()


def test_reference_numbers_are_capped_in_our_words(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    response = consumer_client.post(
        reverse("cases:event_new", args=[case.reference]),
        event_form_data(kind="court_filing", court_case_number="号" * 65),
    )
    assert field_error(response.content.decode(), "court_case_number") == too_long(64)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"outcome": "refunded", "closed_on": "0001-01-01"}, "closed_on", BEFORE_2000),
        ({"outcome": "", "closed_on": ""}, "outcome", "请选择案件的结果。"),
        ({"outcome": "won_the_lottery"}, "outcome", NOT_AN_OPTION),
        ({"outcome": "refunded", "summary": "退" * 2001}, "summary", too_long(2000)),
    ],
)  # fmt: skip
def test_bad_closing_input_is_refused_beside_its_field(
    consumer_client, consumer, data, field, message
):
    case = CaseFactory(owner=consumer)
    data = {"closed_on": timezone.localdate().isoformat(), **data}
    response = consumer_client.post(reverse("cases:close", args=[case.reference]), data)
    assert field_error(response.content.decode(), field) == message
    case.refresh_from_db()
    assert not case.is_closed


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"remind_on": "9999-12-31"}, "remind_on", FIVE_YEARS_AHEAD),
        ({"message": "醒" * 301}, "message", too_long(300)),
    ],
)  # fmt: skip
def test_bad_reminder_input_is_refused_beside_its_field(
    consumer_client, consumer, data, field, message
):
    case = CaseFactory(owner=consumer)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {"remind_on": tomorrow, "remind_at": "09:00", "message": "打电话", **data}
    response = consumer_client.post(reverse("cases:reminder_new", args=[case.reference]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert field_error(page, field) == message
    assert typed_value(page, field) == data[field]
    assert not case.reminders.filter(kind="manual").exists()


def test_a_long_stage_note_is_refused_in_our_words(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    response = consumer_client.post(
        reverse("cases:stage", args=[case.reference]), {"stage": "merchant", "note": "因" * 1001}
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "note") == too_long(1000)


def _every_form():
    case = CaseFactory()
    kinds = [kind.value for kind in LOGGABLE_EVENT_KINDS]
    event_forms = [EventForm(kind=kind) for kind in kinds]
    return [CaseForm(), *event_forms, StageForm(), CloseForm(case=case), ReminderForm()]


def test_every_text_field_has_a_limit_and_says_it_in_our_words():
    """Not Django's "确保该变量包含不超过 N 字符": each limit in weiquan's own Chinese."""
    django_says = str(forms.CharField(max_length=5).validators[-1].message)
    with translation.override("zh-hans"):
        for form in _every_form():
            for name, field in form.fields.items():
                if not isinstance(field, forms.CharField):
                    continue
                assert field.max_length, f"{type(form).__name__}.{name} has no length limit"
                ours = str(field.error_messages.get("max_length", ""))
                assert ours and ours != django_says, f"{type(form).__name__}.{name}"
                assert re.search(r"[\u4e00-\u9fff]", ours), ours
