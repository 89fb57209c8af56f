"""A shared case's workspace in the admin (advisors/admin/workspace.py), used as a volunteer
uses it."""

import pytest
from django.urls import reverse

from accounts.models import Notification
from advisors.models import AccessAction, AccessEntry, AdviceReply, AdvisorNote
from advisors.services import case_take
from tests.factories import add_call
from tests.support.advisors import CHANGELIST, listed, send_advice, shared, workspace
from tests.support.sections import every_section, section

pytestmark = pytest.mark.django_db


def test_workspace_shows_timeline_steps_deadlines_and_logs_the_view(advisor_client, advisor):
    case = shared()
    add_call(case, agent_id="PDD-0731", promise="三天内退款")
    page = listed(advisor_client.get(workspace(case)))
    assert "PDD-0731" in page
    assert 'id="next-steps"' in page and 'id="deadlines"' in page
    entry = AccessEntry.objects.get(case=case, action=AccessAction.VIEWED_CASE)
    assert entry.actor == advisor and entry.actor_name == "小林"


def test_internal_note_stays_internal(advisor_client, advisor, consumer_client, consumer):
    case = shared(owner=consumer)
    case_take(case=case, advisor=advisor)
    response = advisor_client.post(workspace(case), {"note-body": "怀疑商家换货，先查物流"})
    assert response.status_code == 302
    assert AdvisorNote.objects.get(case=case).body == "怀疑商家换货，先查物流"
    assert "怀疑商家换货" in listed(advisor_client.get(workspace(case)))
    for url in every_section(case):
        assert "怀疑商家换货" not in listed(consumer_client.get(url)), url
    assert not Notification.objects.filter(user=consumer).exists()


def test_reply_reaches_the_consumer(
    advisor_client, advisor, consumer_client, consumer, django_capture_on_commit_callbacks
):
    case = shared(owner=consumer)
    case_take(case=case, advisor=advisor)
    with django_capture_on_commit_callbacks(execute=True):
        send_advice(advisor_client, case, "先在拼多多申请平台介入，选择“假冒品牌”")
    assert AdviceReply.objects.filter(case=case).count() == 1
    page = listed(consumer_client.get(section(case, "more")))
    assert "先在拼多多申请平台介入" in page
    assert "小林" in page  # who advised, and the access log entry "回复了你"
    assert Notification.objects.filter(user=consumer).exists()


def test_empty_note_is_refused_with_a_message(advisor_client, advisor):
    case = shared()
    case_take(case=case, advisor=advisor)
    response = advisor_client.post(workspace(case), {"note-body": "  "})
    assert response.status_code == 200
    assert not AdvisorNote.objects.exists()


def test_withdrawing_consent_hides_the_case_again(advisor_client, consumer_client, consumer):
    case = shared(owner=consumer)
    assert advisor_client.get(workspace(case)).status_code == 200
    response = consumer_client.post(reverse("advisors:help_withdraw", args=[case.reference]))
    assert response.status_code == 302
    assert advisor_client.get(workspace(case)).status_code == 404
    assert case.reference not in listed(advisor_client.get(reverse(CHANGELIST)))


def test_admin_home_leads_advisors_to_their_queues_and_the_dashboard(advisor_client):
    page = listed(advisor_client.get(reverse("admin:index")))
    assert reverse("advisor_dashboard") in page
    assert "advisor=unassigned" in page and "deadline=overdue" in page
