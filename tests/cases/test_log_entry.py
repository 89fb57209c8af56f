"""Logging a contact from the timeline section: one-tap "when", the kind's phrases, and
"add, and move up" in the same tap; then undoing a stage change made by mistake."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases import services
from cases.models import CaseEvent, EventKind, Stage
from tests.cases.test_forms import field_error, typed_value
from tests.factories import CaseFactory, add_call

pytestmark = pytest.mark.django_db

NOT_AN_OPTION = "请从列出的选项中选择一项。"


def log(client, case, **fields):
    data = {"kind": "phone_call", "when": "now", "summary": "客服说会处理", **fields}
    return client.post(reverse("cases:event_new", args=[case.reference]), data)


def shown_time(html: str, event: CaseEvent) -> str:
    entry = html[html.index(f'id="event-{event.pk}"') :]
    return re.search(r"<time[^>]*>([^<]*)</time>", entry).group(1).strip()


def label(stage) -> str:
    with translation.override("zh-hans"):
        return str(stage.label)


def stage_changes(case):
    return list(case.events.filter(kind=EventKind.STAGE_CHANGE).order_by("pk"))


# --- when ----------------------------------------------------------------------------------


def test_just_now_keeps_the_time(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    before = timezone.now().replace(second=0, microsecond=0)
    assert log(consumer_client, case, when="now").status_code == 302
    event = case.events.get(kind=EventKind.PHONE_CALL)
    assert event.time_known and before <= event.happened_at <= timezone.now()
    html = consumer_client.get(reverse("cases:timeline", args=[case.reference])).content.decode()
    assert ":" in shown_time(html, event)


@pytest.mark.parametrize(("when", "days_ago"), [("today", 0), ("yesterday", 1)])
def test_today_or_yesterday_is_a_day_without_a_time(consumer_client, consumer, when, days_ago):
    case = CaseFactory(owner=consumer)
    assert log(consumer_client, case, when=when).status_code == 302
    event = case.events.get(kind=EventKind.PHONE_CALL)
    assert not event.time_known
    day = timezone.localdate() - timedelta(days=days_ago)
    assert timezone.localdate(event.happened_at) == day
    html = consumer_client.get(reverse("cases:timeline", args=[case.reference])).content.decode()
    assert shown_time(html, event) == f"{day.year}年{day.month}月{day.day}日"


def test_pick_without_a_date_is_refused_beside_the_field(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    response = log(consumer_client, case, when="pick", happened_at="", summary="客服答应回电")
    page = response.content.decode()
    assert response.status_code == 400
    assert field_error(page, "happened_at") == "请选择日期和时间。"
    assert typed_value(page, "summary") == "客服答应回电"
    assert re.search(r'<input[^>]*value="pick"[^>]*checked', page)  # the choice is kept
    assert not case.events.filter(kind=EventKind.PHONE_CALL).exists()


def test_pick_with_a_date_keeps_the_time_given(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    moment = timezone.localtime() - timedelta(days=2)
    log(consumer_client, case, when="pick", happened_at=moment.strftime("%Y-%m-%dT%H:%M"))
    event = case.events.get(kind=EventKind.PHONE_CALL)
    assert event.time_known
    assert timezone.localtime(event.happened_at).strftime("%Y-%m-%d %H:%M") == moment.strftime(
        "%Y-%m-%d %H:%M"
    )


# --- phrases -------------------------------------------------------------------------------


def test_a_phrase_alone_is_the_summary(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    assert log(consumer_client, case, phrase="客服承诺处理", summary="").status_code == 302
    assert case.events.get(kind=EventKind.PHONE_CALL).summary == "客服承诺处理"


def test_a_phrase_and_words_of_ones_own_are_joined(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    log(consumer_client, case, phrase="客服承诺处理", summary="  三天内回电 ")
    assert case.events.get(kind=EventKind.PHONE_CALL).summary == "客服承诺处理，三天内回电"


def test_neither_phrase_nor_words_is_refused(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    response = log(consumer_client, case, phrase="", summary="")
    assert response.status_code == 400
    message = "写下说了什么、做了什么，或点选上面的一句话。"
    assert field_error(response.content.decode(), "summary") == message
    assert not case.events.filter(kind=EventKind.PHONE_CALL).exists()


def test_a_phrase_of_another_kind_is_refused(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    response = log(consumer_client, case, phrase="商家拒绝退款", summary="")
    page = response.content.decode()
    assert response.status_code == 400
    assert NOT_AN_OPTION in page
    assert not case.events.filter(kind=EventKind.PHONE_CALL).exists()


# --- log, and move up ----------------------------------------------------------------------


def test_then_move_logs_and_moves_the_case_up(consumer_client, consumer):
    case = CaseFactory(owner=consumer)  # at the evidence rung
    response = log(
        consumer_client,
        case,
        kind="merchant_message",
        phrase="已发消息要求退款",
        summary="",
        then="move",
    )
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert case.stage == Stage.MERCHANT
    assert case.events.get(kind=EventKind.MERCHANT_MESSAGE).summary == "已发消息要求退款"
    [change] = stage_changes(case)
    assert change.data == {"from_stage": "evidence", "to_stage": "merchant"}
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"已添加到时间线。案件已进入：{label(Stage.MERCHANT)}。"]


def test_the_timeline_offers_the_move_only_when_the_kind_leads_somewhere(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    timeline = reverse("cases:timeline", args=[case.reference])
    html = consumer_client.get(f"{timeline}?kind=merchant_message").content.decode()
    assert 'name="then" value="move"' in html
    html = consumer_client.get(f"{timeline}?kind=phone_call").content.decode()
    assert 'name="then" value="move"' not in html


@pytest.mark.parametrize(
    ("kind", "stage"),
    [
        ("phone_call", Stage.EVIDENCE),
        ("note", Stage.EVIDENCE),
        ("merchant_message", Stage.PLATFORM),
    ],
)
def test_then_move_on_a_kind_that_leads_nowhere_does_not_move(
    consumer_client, consumer, kind, stage
):
    case = CaseFactory(owner=consumer)
    if stage != Stage.EVIDENCE:
        services.case_move_stage(case=case, stage=stage, actor=consumer)
    changes = len(stage_changes(case))
    response = log(consumer_client, case, kind=kind, then="move")
    assert response.status_code == 302
    assert response.url == reverse("cases:timeline", args=[case.reference])
    case.refresh_from_db()
    assert case.stage == stage
    assert len(stage_changes(case)) == changes
    assert case.events.filter(kind=kind).count() == 1


# --- undo a stage change -------------------------------------------------------------------


def undo(client, case, event):
    return client.post(reverse("cases:stage_undo", args=[case.reference, event.pk]))


def test_undo_the_last_change_moves_back_and_records_it(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    consumer_client.post(reverse("cases:stage", args=[case.reference]), {"stage": "merchant"})
    [change] = stage_changes(case)
    html = consumer_client.get(case.get_absolute_url()).content.decode()
    assert reverse("cases:stage_undo", args=[case.reference, change.pk]) in html
    response = undo(consumer_client, case, change)
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert case.stage == Stage.EVIDENCE
    first, back = stage_changes(case)
    assert first == change
    assert back.data == {"from_stage": "merchant", "to_stage": "evidence"}
    assert back.summary == "已撤销：之前误改了阶段。"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"已撤销：案件回到“{label(Stage.EVIDENCE)}”。"]
    # the undo is itself the newest change: the page offers to undo it, not the first
    html = consumer_client.get(case.get_absolute_url()).content.decode()
    assert reverse("cases:stage_undo", args=[case.reference, back.pk]) in html
    assert reverse("cases:stage_undo", args=[case.reference, change.pk]) not in html


@pytest.mark.parametrize("back_on_its_rung", [False, True])
def test_undoing_an_older_change_does_nothing(consumer_client, consumer, back_on_its_rung):
    case = CaseFactory(owner=consumer)
    services.case_move_stage(case=case, stage=Stage.MERCHANT, actor=consumer)
    services.case_move_stage(case=case, stage=Stage.PLATFORM, actor=consumer)
    if back_on_its_rung:  # the case stands again on the rung the older change moved it to
        services.case_move_stage(case=case, stage=Stage.MERCHANT, actor=consumer)
    older = stage_changes(case)[0]
    before = (case.stage, len(stage_changes(case)))
    response = undo(consumer_client, case, older)
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.stage, len(stage_changes(case))) == before
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["这次变更已不能撤销：之后还有新的变更。"]


def test_undo_is_the_owners_alone_and_for_stage_changes_only(
    consumer_client, consumer, other_consumer
):
    case = CaseFactory(owner=consumer)
    change = services.case_move_stage(case=case, stage=Stage.MERCHANT, actor=consumer)
    stranger = Client()
    stranger.force_login(other_consumer)
    assert undo(stranger, case, change).status_code == 404
    # the stranger's own case, with the owner's event id: still a 404
    theirs = CaseFactory(owner=other_consumer)
    assert undo(stranger, theirs, change).status_code == 404
    # another of my cases' change, through this case's URL
    mine = CaseFactory(owner=consumer)
    elsewhere = services.case_move_stage(case=mine, stage=Stage.PLATFORM, actor=consumer)
    assert undo(consumer_client, case, elsewhere).status_code == 404
    # an entry that is not a stage change
    assert undo(consumer_client, case, add_call(case)).status_code == 404
    case.refresh_from_db()
    mine.refresh_from_db()
    assert (case.stage, mine.stage) == (Stage.MERCHANT, Stage.PLATFORM)


def test_undo_by_get_is_refused(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    change = services.case_move_stage(case=case, stage=Stage.MERCHANT, actor=consumer)
    url = reverse("cases:stage_undo", args=[case.reference, change.pk])
    assert consumer_client.get(url).status_code == 405
    case.refresh_from_db()
    assert case.stage == Stage.MERCHANT
