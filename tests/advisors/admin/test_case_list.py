"""The advisors' queue in the admin (advisors/admin/case_list.py): what it lists, its search,
filters, columns and actions, and how many queries it costs."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from advisors.admin.cases import AdvisorCaseAdmin
from advisors.models import AccessAction, AccessEntry, HelpRequest
from advisors.services import case_release, case_take
from cases.models import Case, Reminder, ReminderKind
from evidence.models import Dossier
from tests.factories import UserFactory, platform
from tests.support import files
from tests.support.advisors import CHANGELIST, listed, many_shared_cases, overdue, shared
from tests.support.evidence import upload

pytestmark = pytest.mark.django_db


# --- the queue -------------------------------------------------------------------------


def test_only_cases_whose_owner_asked_for_help_are_listed(
    advisor_client, shared_case, private_case
):
    page = listed(advisor_client.get(reverse(CHANGELIST)))
    assert shared_case.reference in page
    assert private_case.reference not in page


def test_overdue_unassigned_pinduoduo_cases_in_two_clicks(advisor_client, advisor, other_advisor):
    wanted = overdue(shared(platform=platform("pinduoduo")))
    not_overdue = shared(platform=platform("pinduoduo"))
    other_platform = overdue(shared(platform=platform("douyin")))
    taken = overdue(shared(platform=platform("pinduoduo")))
    HelpRequest.objects.filter(case=taken).update(advisor=other_advisor)
    pdd = platform("pinduoduo")
    page = listed(
        advisor_client.get(
            reverse(CHANGELIST)
            + f"?deadline=overdue&advisor=unassigned&platform__id__exact={pdd.pk}"
        )
    )
    assert wanted.reference in page
    for case in (not_overdue, other_platform, taken):
        assert case.reference not in page
    assert "逾期 3 天" in page


def test_list_shows_the_columns_an_advisor_triages_by(advisor_client, advisor):
    case = overdue(shared(product="儿童保温杯", amount_paid=Decimal("1299.50")))
    Case.objects.filter(pk=case.pk).update(
        evidence_percent=67, next_deadline_name="承诺：平台承诺回复"
    )
    HelpRequest.objects.filter(case=case).update(
        message="\n  平台答应三天内回复，到现在没消息。\n第二行不显示",
        consented_at=timezone.now() - timedelta(days=4, hours=1),
    )
    page = listed(advisor_client.get(reverse(CHANGELIST)))
    assert "67%" in page
    assert case.platform.name in page
    assert str(case.get_stage_display()) in page
    assert "4 天前" in page
    assert "儿童保温杯 · ¥1,299.50" in page
    assert "平台答应三天内回复，到现在没消息。" in page
    assert "第二行不显示" not in page
    assert "逾期 3 天：承诺：平台承诺回复" in page


def first_rows(client, query: str = "") -> list[str]:
    page = listed(client.get(reverse(CHANGELIST) + query))
    return re.findall(r'<th class="field-reference"><a href="[^"]+">([^<]+)</a>', page)


def test_the_queue_opens_on_open_cases_waiting_for_a_volunteer_oldest_request_first(
    advisor_client, advisor, other_advisor
):
    now = timezone.now()

    def asked(days_ago: int) -> Case:
        with time_machine.travel(now - timedelta(days=days_ago), tick=False):
            return shared()

    # given: the queue in small: the most urgent case asked long ago and quiet since
    newest_activity = asked(1)
    taken = overdue(asked(30))
    case_take(case=taken, advisor=advisor)
    urgent = overdue(asked(28), days=14)
    oldest_but_one = asked(20)
    overdue_newer = overdue(asked(2))
    released = asked(25)
    case_take(case=released, advisor=other_advisor)
    case_release(case=released, advisor=other_advisor, note="这周没空，交回队列")
    closed = asked(40)
    Case.objects.filter(pk=closed.pk).update(outcome="withdrawn", closed_on=now.date())
    # when: the advisor opens the queue
    order = first_rows(advisor_client)
    # then: waiting longest first (a released case goes back to where it stood), then the
    # cases a volunteer holds, then the closed ones
    assert order == [
        urgent.reference,
        released.reference,
        oldest_but_one.reference,
        overdue_newer.reference,
        newest_activity.reference,
        taken.reference,
        closed.reference,
    ]
    # the overdue filter keeps the order; a column's header still sorts its own way
    assert first_rows(advisor_client, "?deadline=overdue") == [
        urgent.reference,
        overdue_newer.reference,
        taken.reference,
    ]
    assert first_rows(advisor_client, "?o=-8")[-1] == closed.reference


@pytest.mark.parametrize("field", ["reference", "order_number", "shop_name", "phone", "email"])
def test_search(advisor_client, field):
    owner = UserFactory(email="shopper@example.cn")
    case = shared(owner=owner, shop_name="可搜索的旗舰店")
    other = shared()
    term = {
        "reference": case.reference,
        "order_number": case.order_number,
        "shop_name": "可搜索",
        "phone": owner.phone,
        "email": "shopper@example.cn",
    }[field]
    page = listed(advisor_client.get(reverse(CHANGELIST), {"q": term}))
    assert case.reference in page
    assert other.reference not in page


def test_search_reads_the_term_by_its_shape(advisor_client):
    """A lower-case reference, an order number shaped like a mobile, an email in capitals."""
    owner = UserFactory(email="shopper@example.cn")
    by_reference = shared(owner=owner)
    mobile_shaped_order = shared(order_number="13912345678")
    other = shared(shop_name="13912345678 专卖店")

    def found(term):
        return listed(advisor_client.get(reverse(CHANGELIST), {"q": term}))

    assert by_reference.reference in found(by_reference.reference.lower())
    page = found("13912345678")
    assert mobile_shaped_order.reference in page and other.reference not in page
    assert by_reference.reference in found("SHOPPER@example.cn")
    nobody = found("nobody@example.cn")
    assert not any(case.reference in nobody for case in (by_reference, mobile_shaped_order, other))


def test_mine_filter(advisor_client, advisor, other_advisor):
    mine, theirs = shared(), shared()
    HelpRequest.objects.filter(case=mine).update(advisor=advisor)
    HelpRequest.objects.filter(case=theirs).update(advisor=other_advisor)
    page = listed(advisor_client.get(reverse(CHANGELIST) + "?advisor=mine"))
    assert mine.reference in page and theirs.reference not in page


def test_filters_mark_the_chosen_ones(advisor_client):
    shared()
    page = advisor_client.get(reverse(CHANGELIST), {"advisor": "unassigned"}).content.decode()
    assert '<li class="selected"><a href="?advisor=unassigned">' in page
    assert '<li><a href="?advisor=mine">' in page
    assert "&quot;" not in page.split('id="changelist-filter"')[1].split("</nav>")[0]


def test_platform_filter_lists_the_shopping_platforms(advisor_client):
    shared(platform=platform("pinduoduo"))
    page = listed(advisor_client.get(reverse(CHANGELIST)))
    platforms = page.split('data-filter-title="平台"')[1].split("</details>")[0]
    assert "拼多多" in platforms and "天猫" in platforms
    assert "12315" not in platforms and "法院" not in platforms


def test_the_lists_query_strings_are_the_admins(rf, advisor):
    """The list builds its links' query strings its own, faster way: the same strings."""
    from django.contrib import admin
    from django.contrib.admin.views.main import ChangeList

    request = rf.get(
        reverse(CHANGELIST),
        {"deadline": "overdue", "platform__id__exact": "3", "q": "店 铺&x", "o": "2.-3", "p": "2"},
    )
    request.user = advisor
    changelist = admin.site._registry[Case].get_changelist_instance(request)
    for new_params, remove in [
        (None, None),
        ({"o": "1"}, None),
        ({"deadline": None}, None),
        ({"advisor": "mine"}, ["deadline"]),
        ({"p": 3}, None),
        ({"platform__id__exact": ["1", "2"]}, ["q"]),
        ({}, ["platform__"]),
        ({"advisor": None, "stage__exact": "merchant"}, ["deadline", "o"]),
    ]:
        assert changelist.get_query_string(new_params, remove) == ChangeList.get_query_string(
            changelist, new_params, remove
        )


@pytest.mark.parametrize("count", [30, 600])
def test_case_list_queries_stay_constant(advisor_client, count, django_assert_max_num_queries):
    many_shared_cases(count)
    with django_assert_max_num_queries(12):
        page = listed(advisor_client.get(reverse(CHANGELIST)))
    assert page.count('class="field-reference"') == min(count, 25)
    with django_assert_max_num_queries(12):
        listed(advisor_client.get(reverse(CHANGELIST) + "?deadline=overdue&advisor=unassigned"))


# --- the hand-written rows, pinned to list_display -------------------------------------


def columns(page: str) -> tuple[list[str], list[str], list[str]]:
    """The list's header columns (the admin's, from list_display), their texts, and the
    cells of its first row (the advisor_admin.case_result_list tag's), by field name."""
    head = page.split('<table id="result_list">')[1].split("</thead>")[0]
    found = re.findall(r'<th scope="col" class="[^"]*\bcolumn-(\w+)[^"]*">(.*?)</th>', head, re.S)
    headers = [name for name, _html in found]
    texts = [re.sub(r"<[^>]+>", "", html).strip() for _name, html in found]
    row = page.split("<tbody>")[1].split("</tr>")[0]
    cells = re.findall(r'<t[dh] class="field-(\w+)', row)
    return headers, texts, cells


def test_rows_render_every_column_of_list_display_in_its_order(advisor_client):
    shared()
    headers, texts, cells = columns(listed(advisor_client.get(reverse(CHANGELIST))))
    assert headers == list(AdvisorCaseAdmin.list_display)
    assert cells == headers
    # the headers say what each column's description says, in the same order
    admin_texts = [
        str(getattr(AdvisorCaseAdmin, name).short_description)
        if hasattr(AdvisorCaseAdmin, name)
        else str(Case._meta.get_field(name).verbose_name)
        for name in AdvisorCaseAdmin.list_display
    ]
    assert [text.lower() for text in texts] == [text.lower() for text in admin_texts]


def test_a_column_added_to_list_display_alone_is_caught(advisor_client, monkeypatch):
    """The pin above fails when list_display and the row tag part ways."""
    monkeypatch.setattr(
        AdvisorCaseAdmin, "list_display", (*AdvisorCaseAdmin.list_display, "shop_name")
    )
    shared()
    headers, _texts, cells = columns(listed(advisor_client.get(reverse(CHANGELIST))))
    assert headers[-1] == "shop_name"
    assert cells != headers


# --- actions ---------------------------------------------------------------------------


def act(client, action, *cases):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [case.pk for case in cases]},
        follow=True,
    )


def test_take_and_release(advisor_client, advisor, other_advisor):
    case = shared()
    act(advisor_client, "take_cases", case)
    assert HelpRequest.objects.get(case=case).advisor == advisor
    client = Client()
    client.force_login(other_advisor)
    response = act(client, "take_cases", case)
    assert HelpRequest.objects.get(case=case).advisor == advisor  # not stolen
    assert "已被其他志愿者" in response.content.decode() or "already taken" in (
        response.content.decode()
    )
    act(client, "release_cases", case)  # not theirs to release
    assert HelpRequest.objects.get(case=case).advisor == advisor
    advisor_client.post(
        reverse(CHANGELIST),
        {"action": "release_cases", "_selected_action": [case.pk], "release-note": "交接"},
    )
    assert HelpRequest.objects.get(case=case).advisor is None
    actions = list(AccessEntry.objects.filter(case=case).values_list("action", flat=True))
    assert AccessAction.TOOK_CASE in actions and AccessAction.RELEASED_CASE in actions


def test_generate_dossier_action(
    advisor_client, consumer_client, consumer, django_capture_on_commit_callbacks
):
    case = shared(owner=consumer)
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    with django_capture_on_commit_callbacks(execute=True):
        act(advisor_client, "request_dossiers", case)
    dossier = Dossier.objects.get(case=case)
    assert dossier.state == "ready", dossier.error  # tasks run inline in unit tests
    assert AccessEntry.objects.filter(case=case, action=AccessAction.REQUESTED_DOSSIER).exists()
    download = advisor_client.get(
        reverse("admin:advisors_dossier_file", args=[case.pk, dossier.public_id])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AccessEntry.objects.filter(case=case, action=AccessAction.DOWNLOADED_DOSSIER).exists()


def test_send_a_reminder_now_reaches_the_consumer(
    advisor_client, consumer, django_capture_on_commit_callbacks
):
    case = shared(owner=consumer)
    with django_capture_on_commit_callbacks(execute=True):
        act(advisor_client, "send_reminders_now", case)
    reminder = Reminder.objects.get(case=case, kind=ReminderKind.MANUAL)
    assert reminder.state == "sent"
    assert Notification.objects.filter(user=consumer, title=reminder.message).exists()
