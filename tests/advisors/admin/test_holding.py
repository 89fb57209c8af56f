"""Holding a case in the admin, as volunteers use it: the workspace's take / release / hand
to / step in / status forms, refusals beside the form, the access log without noise, the
admin home's counts, "new since last opened", the release confirmation and each volunteer's
notification settings. Every new action is tried by the holder, another volunteer, a
volunteer on a case without consent, and plain staff."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Notification
from advisors import services
from advisors.models import (
    AccessEntry,
    AdviceReply,
    AdvisorNote,
    AdvisorPreferences,
    HelpRequest,
    VolunteerStatus,
)
from advisors.replies import preview_digest
from tests.factories import CaseFactory, UserFactory, add_call
from tests.support.advisors import CHANGELIST, listed, overdue, shared, workspace

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def help_of(case) -> HelpRequest:
    return HelpRequest.objects.get(case=case)


POSTS = {
    "release": {"release": "", "release-note": "已请她补截图"},
    "step": {"step": "", "step-confirm": "on"},
    "status": {"status": "", "status-status": "advised", "status-outcome": ""},
    "note": {"note-body": "内部备注"},
    "reply": {
        "reply-send": "",
        "reply-body": "请申请平台介入",
        "reply-previewed": preview_digest("请申请平台介入"),
    },
}


@pytest.mark.parametrize("what", sorted(POSTS))
@pytest.mark.parametrize("who", ["holder", "other volunteer", "plain staff"])
def test_holding_actions_across_advisors(advisor, other_advisor, what, who):
    # given a shared case the advisor holds, and one whose owner never consented
    case = shared()
    services.case_take(case=case, advisor=advisor)
    private = CaseFactory()
    users = {"holder": advisor, "other volunteer": other_advisor}
    client = client_for(users.get(who) or UserFactory(is_staff=True))
    # when they post the action
    response = client.post(workspace(case), POSTS[what])
    held_by = help_of(case).advisor
    # then: plain staff are refused outright, a case without consent is a 404 for everyone
    assert client.post(workspace(private), POSTS[what]).status_code in (403, 404)
    if who == "plain staff":
        assert response.status_code == 403
        assert held_by == advisor
        return
    if who == "holder":
        assert response.status_code == 302
        expected = {"release": None, "step": advisor}.get(what, advisor)
        assert held_by == expected
    elif what == "step":
        assert response.status_code == 302 and held_by == other_advisor
        assert Notification.objects.filter(user=advisor).exists()  # the holder is told
    elif what in ("note", "reply"):
        # refused with a clear Chinese message beside the form
        assert response.status_code == 200
        assert "小林正在处理此案件" in response.content.decode()
        assert held_by == advisor and not AdvisorNote.objects.exists()
        assert not AdviceReply.objects.exists()
    else:
        assert held_by == advisor
        assert help_of(case).status == VolunteerStatus.TAKEN


def test_release_without_a_note_is_refused_beside_the_field(advisor_client, advisor):
    case = shared()
    services.case_take(case=case, advisor=advisor)
    response = advisor_client.post(workspace(case), {"release": "", "release-note": " "})
    assert response.status_code == 200
    assert "请写交接备注" in response.content.decode()
    assert help_of(case).advisor == advisor


def test_a_released_case_says_who_released_it_and_why(advisor_client, advisor, other_advisor):
    case = shared()
    services.case_take(case=case, advisor=advisor)
    advisor_client.post(workspace(case), POSTS["release"])
    page = listed(client_for(other_advisor).get(workspace(case)))
    assert "已请她补截图" in page and "小林" in page and "放弃认领" in page


def test_hand_to_from_the_workspace_needs_a_volunteer_and_a_note(
    advisor_client, advisor, other_advisor
):
    case = shared()
    services.case_take(case=case, advisor=advisor)
    staff = UserFactory(is_staff=True)
    refused = advisor_client.post(workspace(case), {"hand": "", "hand-to": staff.pk})
    assert refused.status_code == 200 and help_of(case).advisor == advisor
    response = advisor_client.post(
        workspace(case), {"hand": "", "hand-to": other_advisor.pk, "hand-note": "承诺三天退款"}
    )
    assert response.status_code == 302 and help_of(case).advisor == other_advisor
    assert Notification.objects.filter(user=other_advisor, body__contains="承诺三天退款").exists()


def test_ending_needs_an_outcome(advisor_client, advisor):
    case = shared()
    services.case_take(case=case, advisor=advisor)
    response = advisor_client.post(
        workspace(case), {"status": "", "status-status": "ended", "status-outcome": ""}
    )
    assert response.status_code == 200 and "请选择案件的结果" in response.content.decode()
    advisor_client.post(
        workspace(case), {"status": "", "status-status": "ended", "status-outcome": "resolved"}
    )
    assert (help_of(case).status, help_of(case).outcome) == ("ended", "resolved")


def test_one_view_per_visit_in_the_consumers_log(
    advisor_client, advisor, consumer_client, consumer
):
    # given a volunteer who opens the case, takes it, writes twice and reloads
    case = shared(owner=consumer)
    advisor_client.get(workspace(case))
    advisor_client.post(workspace(case), {"take": ""}, follow=True)
    for body in ("第一条", "第二条"):
        advisor_client.post(workspace(case), {"note-body": body}, follow=True)
    advisor_client.get(workspace(case))
    # then the log holds one view and each change
    actions = list(
        AccessEntry.objects.filter(case=case).order_by("at", "id").values_list("action", flat=True)
    )
    assert actions == ["viewed_case", "took_case", "wrote_note", "wrote_note"]
    # and the consumer's "谁查看过我的案件" shows them
    page = listed(consumer_client.get(reverse("cases:more", args=[case.reference])))
    assert page.count("查看了案件") == 1


def test_the_admin_home_counts_what_needs_the_volunteer(advisor_client, advisor, consumer):
    waiting = [shared(), overdue(shared())]
    mine = shared(owner=consumer)
    services.case_take(case=mine, advisor=advisor)
    advisor_client.get(workspace(mine))
    page = listed(advisor_client.get(reverse("admin:index")))
    assert 'id="count-unassigned">2 个新求助<' in page and 'id="count-overdue">1<' in page
    assert "count-mine-news" not in page
    add_call(mine)  # the consumer logs something after the volunteer last looked
    page = listed(advisor_client.get(reverse("admin:index")))
    assert "1 个有新动态" in page
    listing = listed(advisor_client.get(reverse(CHANGELIST) + "?advisor=mine"))
    assert "上次打开后有新动态" in listing
    advisor_client.get(workspace(mine))
    listing = listed(advisor_client.get(reverse(CHANGELIST) + "?advisor=mine"))
    assert "上次打开后有新动态" not in listing
    assert len(waiting) == 2


def test_releasing_from_the_list_asks_for_a_note(advisor_client, advisor):
    case = shared()
    services.case_take(case=case, advisor=advisor)
    ask = {"action": "release_cases", "_selected_action": [case.pk]}
    page = listed(advisor_client.post(reverse(CHANGELIST), ask))
    assert "交接备注" in page and help_of(case).advisor == advisor
    advisor_client.post(reverse(CHANGELIST), {**ask, "release-note": "换人跟进"})
    assert help_of(case).advisor is None and help_of(case).handover_note == "换人跟进"


@pytest.mark.parametrize(("who", "expected"), [("advisor", 200), ("staff", 403)])
def test_notification_settings_are_each_volunteers_own(advisor, other_advisor, who, expected):
    user = advisor if who == "advisor" else UserFactory(is_staff=True)
    client = client_for(user)
    url = reverse("admin:advisors_preferences")
    assert client.get(url).status_code == expected
    if expected != 200:
        return
    response = client.post(url, {"case_news": "on", "problems": ["counterfeit"]})
    assert response.status_code == 302
    saved = AdvisorPreferences.objects.get(advisor=advisor)
    assert not saved.new_requests and saved.case_news and saved.problems == ["counterfeit"]
    assert not AdvisorPreferences.objects.filter(advisor=other_advisor).exists()
