"""The advisors' workspace in the admin, used as a volunteer uses it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from advisors.models import AccessAction, AccessEntry, AdviceReply, AdvisorNote, HelpRequest
from advisors.services import help_request, help_withdraw
from cases.models import Case, Reminder, ReminderKind
from evidence.models import Dossier
from tests.evidence import files
from tests.evidence.conftest import upload
from tests.factories import CaseFactory, UserFactory, add_call, platform

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:cases_case_changelist"


def workspace(case: Case) -> str:
    return reverse("admin:cases_case_change", args=[case.pk])


def shared(**fields) -> Case:
    case = CaseFactory(**fields)
    help_request(case=case, message="请帮忙")
    return case


def overdue(case: Case, days: int = 3) -> Case:
    Case.objects.filter(pk=case.pk).update(
        next_deadline_on=timezone.localdate() - timedelta(days=days)
    )
    return case


def listed(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


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
    assert "（已逾期）" in page or "(overdue)" in page


def test_list_shows_the_columns_an_advisor_triages_by(advisor_client, advisor):
    case = overdue(shared())
    Case.objects.filter(pk=case.pk).update(evidence_percent=67)
    page = listed(advisor_client.get(reverse(CHANGELIST)))
    assert "67%" in page
    assert case.platform.name in page
    assert str(case.get_stage_display()) in page


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
    act(advisor_client, "release_cases", case)
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


# --- the case workspace ----------------------------------------------------------------


def test_workspace_shows_timeline_steps_deadlines_and_logs_the_view(advisor_client, advisor):
    case = shared()
    add_call(case, agent_id="PDD-0731", promise="三天内退款")
    page = listed(advisor_client.get(workspace(case)))
    assert "PDD-0731" in page
    assert 'id="next-steps"' in page and 'id="deadlines"' in page
    entry = AccessEntry.objects.get(case=case, action=AccessAction.VIEWED_CASE)
    assert entry.actor == advisor and entry.actor_name == "小林"


def test_internal_note_stays_internal(advisor_client, consumer_client, consumer):
    case = shared(owner=consumer)
    response = advisor_client.post(workspace(case), {"note-body": "怀疑商家换货，先查物流"})
    assert response.status_code == 302
    assert AdvisorNote.objects.get(case=case).body == "怀疑商家换货，先查物流"
    assert "怀疑商家换货" in listed(advisor_client.get(workspace(case)))
    assert "怀疑商家换货" not in listed(consumer_client.get(case.get_absolute_url()))
    assert not Notification.objects.filter(user=consumer).exists()


def test_reply_reaches_the_consumer(
    advisor_client, consumer_client, consumer, django_capture_on_commit_callbacks
):
    case = shared(owner=consumer)
    with django_capture_on_commit_callbacks(execute=True):
        advisor_client.post(
            workspace(case), {"reply-body": "先在拼多多申请平台介入，选择“假冒品牌”"}
        )
    assert AdviceReply.objects.filter(case=case).count() == 1
    page = listed(consumer_client.get(case.get_absolute_url()))
    assert "先在拼多多申请平台介入" in page
    assert "小林" in page  # who advised, and the access log entry "回复了你"
    assert Notification.objects.filter(user=consumer).exists()


def test_empty_note_is_refused_with_a_message(advisor_client):
    case = shared()
    response = advisor_client.post(workspace(case), {"note-body": "  "})
    assert response.status_code == 200
    assert not AdvisorNote.objects.exists()


def test_evidence_files_open_through_the_workspace_and_are_logged(
    advisor_client, consumer_client, consumer
):
    case = shared(owner=consumer)
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    evidence = case.evidence.get()
    page = listed(advisor_client.get(workspace(case)))
    thumbnail = reverse(
        "admin:advisors_evidence_file", args=[case.pk, evidence.public_id, "thumbnail"]
    )
    assert thumbnail in page
    assert advisor_client.get(thumbnail).status_code == 200
    viewed = advisor_client.get(
        reverse("admin:advisors_evidence_file", args=[case.pk, evidence.public_id, "view"])
    )
    assert viewed.status_code == 200
    assert viewed["Content-Security-Policy"].startswith("default-src 'none'")
    downloaded = advisor_client.get(
        reverse("admin:advisors_evidence_file", args=[case.pk, evidence.public_id, "download"])
    )
    assert downloaded["Content-Disposition"].startswith("attachment")
    actions = set(AccessEntry.objects.filter(case=case).values_list("action", flat=True))
    assert {AccessAction.VIEWED_EVIDENCE, AccessAction.DOWNLOADED_EVIDENCE} <= actions
    log = listed(consumer_client.get(case.get_absolute_url()))
    assert "下载了证据文件" in log or "downloaded an evidence file" in log


def test_withdrawing_consent_hides_the_case_again(advisor_client, consumer_client, consumer):
    case = shared(owner=consumer)
    assert advisor_client.get(workspace(case)).status_code == 200
    response = consumer_client.post(reverse("advisors:help_withdraw", args=[case.reference]))
    assert response.status_code == 302
    assert advisor_client.get(workspace(case)).status_code == 404
    assert case.reference not in listed(advisor_client.get(reverse(CHANGELIST)))


# --- the consumer's side ---------------------------------------------------------------


def test_asking_for_help_needs_explicit_consent(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    refused = consumer_client.post(
        reverse("advisors:help", args=[case.reference]), {"help-message": "帮帮我"}
    )
    assert refused.status_code == 400
    assert "勾选" in refused.content.decode()
    assert "帮帮我" in refused.content.decode()  # what was typed is kept
    assert not HelpRequest.objects.exists()
    consumer_client.post(
        reverse("advisors:help", args=[case.reference]),
        {"help-message": "帮帮我", "help-consent": "on"},
    )
    request = HelpRequest.objects.get(case=case)
    assert request.is_active and request.message == "帮帮我"
    help_withdraw(case=case)
    consumer_client.post(reverse("advisors:help", args=[case.reference]), {"help-consent": "on"})
    assert HelpRequest.objects.get(case=case).is_active  # asking again renews it


def test_nobody_else_can_ask_or_withdraw_for_a_case(other_consumer, shared_case):
    client = Client()
    client.force_login(other_consumer)
    assert (
        client.post(
            reverse("advisors:help", args=[shared_case.reference]), {"help-consent": "on"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("advisors:help_withdraw", args=[shared_case.reference])).status_code
        == 404
    )
    assert HelpRequest.objects.get(case=shared_case).is_active


# --- speed -----------------------------------------------------------------------------


def many_shared_cases(count: int) -> None:
    owner = UserFactory()
    template = CaseFactory(owner=owner)
    now = timezone.now()
    cases = Case.objects.bulk_create(
        Case(
            reference=f"WQ-2099-{n:06d}",
            owner=owner,
            platform=template.platform,
            shop_name=f"店铺{n}",
            product="耳机",
            amount_paid=template.amount_paid,
            purchase_date=template.purchase_date,
            problem=template.problem,
            last_activity_at=now - timedelta(hours=n),
            next_deadline_on=timezone.localdate() - timedelta(days=n % 5),
            shared_with_advisors=True,
        )
        for n in range(count)
    )
    HelpRequest.objects.bulk_create(
        HelpRequest(case=case, consent_version="t", consented_at=now) for case in cases
    )


@pytest.mark.parametrize("count", [30, 600])
def test_case_list_queries_stay_constant(advisor_client, count, django_assert_max_num_queries):
    many_shared_cases(count)
    with django_assert_max_num_queries(12):
        page = listed(advisor_client.get(reverse(CHANGELIST)))
    assert page.count('class="field-reference"') == min(count, 25)
    with django_assert_max_num_queries(12):
        listed(advisor_client.get(reverse(CHANGELIST) + "?deadline=overdue&advisor=unassigned"))


def test_admin_home_leads_advisors_to_their_queues_and_the_dashboard(advisor_client):
    page = listed(advisor_client.get(reverse("admin:index")))
    assert reverse("advisor_dashboard") in page
    assert "advisor=unassigned" in page and "deadline=overdue" in page


def test_editing_a_case_keeps_what_other_apps_store_on_it(consumer):
    from cases.services import case_update

    case = CaseFactory(owner=consumer)
    stale = Case.objects.get(pk=case.pk)  # loaded before the owner asked for help
    help_request(case=case)
    Case.objects.filter(pk=case.pk).update(evidence_percent=60)
    case_update(case=stale, shop_name="改过名字的店")
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.shop_name == "改过名字的店"
    assert fresh.shared_with_advisors and fresh.evidence_percent == 60


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
