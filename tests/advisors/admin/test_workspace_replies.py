"""The workspace's advice and follow-up forms (advisors/admin/replies.py), used as a volunteer
uses them: template → preview → send → correct; remind me on…; remind the consumer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from advisors.models import AccessAction, AccessEntry, AdviceReply, AdvisorFollowUp, ReplyTemplate
from advisors.replies import REPLY_EDIT_WINDOW
from advisors.services import case_take
from cases.models import Platform, Reminder, ReminderKind
from tests.support.advisors import listed, send_advice, workspace
from tests.support.sections import section

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_case(shared_case, advisor):
    """A shared case the advisor holds: only the holder writes advice (follow-ups below need
    no holding)."""
    case_take(case=shared_case, advisor=advisor)
    return shared_case


def preview(client, case, **fields):
    data = {"reply-preview": "", "reply-body": "", **{f"reply-{k}": v for k, v in fields.items()}}
    return client.post(workspace(case), data)


def test_a_template_is_filled_and_previewed_as_the_consumer_will_see_it(advisor_client, held_case):
    template = ReplyTemplate.objects.create(
        title="投诉", body="案件 {reference}：向12315投诉，草稿在 {draft_12315_url}"
    )
    # when the volunteer previews the template
    response = preview(advisor_client, held_case, template=template.pk)
    # then the filled text is shown as the consumer's page shows it, and nothing is sent
    page = listed(response)
    assert 'id="reply-preview"' in page
    filled = response.context["reply_form"].initial["body"]
    assert filled.startswith(f"案件 {held_case.reference}：向12315投诉")
    assert f'href="http://127.0.0.1:8000/cases/{held_case.reference}/letters/12315/"' in page
    assert 'name="reply-send"' in page
    assert not AdviceReply.objects.exists()


def test_only_the_text_previewed_is_sent(advisor_client, held_case, consumer):
    # given a preview of one text
    response = preview(advisor_client, held_case, body="先申请平台介入")
    digest = response.context["reply_form"].initial["previewed"]
    # when another text is sent with that preview's check
    changed = advisor_client.post(
        workspace(held_case),
        {"reply-body": "先起诉", "reply-previewed": digest, "reply-send": ""},
    )
    # then nothing is sent: the new text is previewed, with a warning
    assert changed.status_code == 200
    assert not AdviceReply.objects.exists()
    assert "这段文字和预览的不一样" in changed.content.decode()
    assert changed.context["reply_preview"]["body"] == "先起诉"
    # and sending without any preview is refused the same way
    advisor_client.post(workspace(held_case), {"reply-body": "先起诉", "reply-send": ""})
    assert not AdviceReply.objects.exists()
    # while the previewed text goes out, once
    assert send_advice(advisor_client, held_case, "先申请平台介入").status_code == 302
    assert list(AdviceReply.objects.values_list("body", flat=True)) == ["先申请平台介入"]


def test_placeholders_escape_html_in_the_preview_and_on_the_consumer_page(
    advisor_client, consumer_client, held_case
):
    Platform.objects.filter(pk=held_case.platform_id).update(name="<b>坏</b>平台")
    send_advice(advisor_client, held_case, "在{platform}申请售后 <script>alert(1)</script>")
    body = AdviceReply.objects.get().body
    assert body.startswith("在<b>坏</b>平台申请售后")  # stored as the plain text it is
    for page in (
        listed(advisor_client.get(workspace(held_case))),
        listed(consumer_client.get(section(held_case, "more"))),
    ):
        assert "<b>坏</b>" not in page and "<script>alert(1)</script>" not in page
        assert "&lt;b&gt;坏&lt;/b&gt;平台" in page


def test_a_volunteer_who_does_not_hold_the_case_is_told_at_the_preview(
    advisor_client, shared_case, other_advisor
):
    # given a shared case nobody holds, then one another volunteer holds
    for holder in (None, other_advisor):
        if holder:
            case_take(case=shared_case, advisor=holder)
        # when the advisor previews advice
        response = preview(advisor_client, shared_case, body="先申请平台介入")
        # then the refusal stands beside the text, which is kept; no preview, nothing sent
        assert response.status_code == 200
        expected = "老周正在处理此案件" if holder else "还没有人接手此案件"
        assert any(expected in error for error in response.context["reply_form"].errors["body"])
        assert expected in response.content.decode()
        assert 'id="reply-preview"' not in response.content.decode()
        assert "先申请平台介入" in response.content.decode()
    assert not AdviceReply.objects.exists()


def test_an_empty_reply_is_refused_beside_the_field(advisor_client, held_case):
    response = preview(advisor_client, held_case, body="   ")
    assert response.status_code == 200
    assert response.context["reply_form"].errors["body"] == ["请写下建议，或选择一个模板。"]
    assert "请写下建议，或选择一个模板。" in response.content.decode()


def test_a_correction_within_the_window_shows_as_edited_to_the_consumer(
    advisor_client, consumer_client, held_case
):
    send_advice(advisor_client, held_case, "先找商家")
    reply = AdviceReply.objects.get()
    page = listed(advisor_client.get(workspace(held_case)))
    assert f'name="reply-edit" value="{reply.pk}"' in page
    response = advisor_client.post(
        workspace(held_case),
        {"reply-edit": reply.pk, f"edit-{reply.pk}-body": "先在平台申请售后"},
    )
    assert response.status_code == 302
    consumer_page = listed(consumer_client.get(section(held_case, "more")))
    assert '<div class="advice-body">先在平台申请售后</div>' in consumer_page
    assert '<span class="advice-edited">已编辑</span>' in consumer_page
    # (the notification already sent keeps the first words; the advice itself is corrected)
    assert '<div class="advice-body">先找商家' not in consumer_page


def test_no_correction_after_the_window_nor_by_another_volunteer(
    advisor_client, other_advisor, client, held_case
):
    send_advice(advisor_client, held_case, "先找商家")
    reply = AdviceReply.objects.get()
    client.force_login(other_advisor)
    data = {"reply-edit": reply.pk, f"edit-{reply.pk}-body": "改掉"}
    assert 'name="reply-edit"' not in listed(client.get(workspace(held_case)))
    assert client.post(workspace(held_case), data).status_code == 302
    AdviceReply.objects.filter(pk=reply.pk).update(
        created_at=timezone.now() - REPLY_EDIT_WINDOW - timedelta(minutes=1)
    )
    assert 'name="reply-edit"' not in listed(advisor_client.get(workspace(held_case)))
    advisor_client.post(workspace(held_case), data)
    reply.refresh_from_db()
    assert reply.body == "先找商家" and reply.edited_at is None


# --- follow-ups -----------------------------------------------------------------------


def test_remind_me_on_a_day(advisor_client, advisor, shared_case):
    day = timezone.localdate() + timedelta(days=3)
    response = advisor_client.post(
        workspace(shared_case),
        {"followup-add": "", "followup-due_on": day.isoformat(), "followup-note": "看平台回复"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#followups")
    followup = AdvisorFollowUp.objects.get()
    assert (followup.advisor, followup.case, followup.due_on) == (advisor, shared_case, day)
    assert "看平台回复" in listed(advisor_client.get(workspace(shared_case)))


@pytest.mark.parametrize(
    ("field", "days", "message"),
    [
        ("followup-due_on", -1, "请选择今天或以后的日期。"),
        ("followup-due_on", 400, "请检查年份：跟进提醒最多设在一年之内。"),
        ("remind-remind_on", -1, "请选择今天或以后的日期。"),
        ("remind-remind_on", 400, "请检查年份：跟进提醒最多设在一年之内。"),
    ],
)
def test_a_past_or_absurd_day_is_refused_beside_the_field(
    advisor_client, shared_case, field, days, message
):
    button = "followup-add" if field.startswith("followup") else "remind-on"
    day = timezone.localdate() + timedelta(days=days)
    response = advisor_client.post(workspace(shared_case), {button: "", field: day.isoformat()})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    # beside the field: the error list comes right before its label
    assert page.index(message) < page.index(f'for="id_{field}"')
    year_9999 = advisor_client.post(workspace(shared_case), {button: "", field: "9999-01-01"})
    assert "请检查年份" in year_9999.content.decode()
    assert not AdvisorFollowUp.objects.exists()
    assert not Reminder.objects.filter(kind=ReminderKind.MANUAL).exists()


def test_remind_the_consumer_on_a_day(advisor_client, advisor, shared_case):
    day = timezone.localdate() + timedelta(days=2)
    response = advisor_client.post(
        workspace(shared_case),
        {"remind-on": "", "remind-remind_on": day.isoformat(), "remind-message": "看看退款到了没"},
    )
    assert response.status_code == 302
    reminder = Reminder.objects.get(kind=ReminderKind.MANUAL)
    assert timezone.localtime(reminder.due_at).date() == day
    assert timezone.localtime(reminder.due_at).hour == 9
    assert reminder.message == "看看退款到了没" and reminder.created_by == advisor
    assert AccessEntry.objects.filter(action=AccessAction.SCHEDULED_REMINDER).exists()
    asked = advisor_client.post(workspace(shared_case), {"remind-on": ""})
    assert "请选择日期，或点“现在提醒”。" in asked.content.decode()


def test_remind_the_consumer_now(
    advisor_client, consumer, shared_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = advisor_client.post(workspace(shared_case), {"remind-now": ""})
    assert response.status_code == 302
    reminder = Reminder.objects.get(kind=ReminderKind.MANUAL)
    reminder.refresh_from_db()
    assert reminder.message == f"志愿者提醒你查看案件 {shared_case.reference}"
    assert AccessEntry.objects.filter(action=AccessAction.SENT_REMINDER).exists()
    assert reminder.state == "sent"  # tasks run inline in unit tests
    assert Notification.objects.filter(user=consumer, title=reminder.message).exists()
