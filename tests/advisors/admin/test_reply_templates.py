"""Reply templates in the admin: superusers write them, advisors read them; and the reminder
admin's add page, which sends advisors to the workspace's follow-up form."""

import pytest
from django.test import Client
from django.urls import reverse

from advisors.models import ReplyTemplate
from cases.models import Reminder
from tests.factories import UserFactory
from tests.support.advisors import listed, workspace

pytestmark = pytest.mark.django_db

ADD = reverse("admin:advisors_replytemplate_add")
LIST = reverse("admin:advisors_replytemplate_changelist")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_superuser_writes_a_template_for_stages_and_problems(superuser):
    response = client_for(superuser).post(
        ADD,
        {
            "title": "平台介入",
            "body": "案件 {reference} 请在{platform}申请介入",
            "stages": ["platform", "platform_intervention"],
            "problems": ["counterfeit"],
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    template = ReplyTemplate.objects.get(title="平台介入")
    assert template.stages == ["platform", "platform_intervention"]
    assert template.problems == ["counterfeit"]


def test_an_unknown_placeholder_is_refused_in_chinese(superuser):
    response = client_for(superuser).post(
        ADD, {"title": "试探", "body": "{reference} {owner_email} {note}", "active": "on"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "不认识的占位符 {note}、{owner_email}。只能使用：{reference}、{platform}" in page
    assert not ReplyTemplate.objects.filter(title="试探").exists()


def test_advisors_read_templates_but_cannot_write_them(advisor_client):
    template = ReplyTemplate.objects.create(title="先留证据", body="案件 {reference}")
    assert template.title in listed(advisor_client.get(LIST))
    assert advisor_client.get(ADD).status_code == 403
    change = reverse("admin:advisors_replytemplate_change", args=[template.pk])
    page = listed(advisor_client.get(change))
    assert 'name="_save"' not in page  # the admin's read-only view
    response = advisor_client.post(change, {"title": "改", "body": "改"})
    assert response.status_code == 403
    delete = reverse("admin:advisors_replytemplate_delete", args=[template.pk])
    assert advisor_client.post(delete, {"post": "yes"}).status_code == 403
    template.refresh_from_db()
    assert template.title != "改"


def test_plain_staff_and_consumers_see_no_templates(consumer_client):
    staff = client_for(UserFactory(is_staff=True))
    assert staff.get(LIST).status_code == 403
    assert consumer_client.get(LIST).status_code == 302


# --- the reminder admin's add page ------------------------------------------------------

REMINDER_ADD = reverse("admin:cases_reminder_add")


def test_advisors_adding_a_reminder_are_sent_to_the_case_workspace(advisor_client, shared_case):
    response = advisor_client.get(f"{REMINDER_ADD}?case={shared_case.pk}")
    assert response.status_code == 302
    assert response["Location"] == workspace(shared_case) + "#followups"
    page = listed(advisor_client.get(response["Location"]))
    assert "请在案件页面设置提醒" in page and 'id="followups"' in page


def test_advisors_without_a_shared_case_are_sent_to_the_queue(advisor_client, private_case):
    for url in (REMINDER_ADD, f"{REMINDER_ADD}?case={private_case.pk}", f"{REMINDER_ADD}?case=x"):
        response = advisor_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("admin:cases_case_changelist"), url
    assert advisor_client.post(REMINDER_ADD, {"case": private_case.pk}).status_code == 302
    assert not Reminder.objects.filter(case=private_case, kind="manual").exists()


def test_plain_staff_still_get_403(shared_case):
    staff = client_for(UserFactory(is_staff=True))
    assert staff.get(REMINDER_ADD).status_code == 403


def test_a_superusers_reminder_form_offers_shared_cases_only(superuser, shared_case, private_case):
    client = client_for(superuser)
    assert client.get(REMINDER_ADD).status_code == 200
    data = {
        "kind": "manual",
        "due_at_0": "2030-01-02",
        "due_at_1": "09:00",
        "message": "看看退款",
        "channels": '["in_app"]',
    }
    refused = client.post(REMINDER_ADD, {**data, "case": private_case.pk})
    assert refused.status_code == 200
    assert not Reminder.objects.filter(case=private_case, kind="manual").exists()
    assert client.post(REMINDER_ADD, {**data, "case": shared_case.pk}).status_code == 302
    assert Reminder.objects.filter(case=shared_case, kind="manual").exists()
