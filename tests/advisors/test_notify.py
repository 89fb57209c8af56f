"""What volunteers are told (advisors/notify.py): new requests to the pool or to those who
chose the platform or problem, the consumer's news on a held case, deadlines coming due,
by email when wanted, never to someone who is no longer an advisor."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from advisors import notify, services
from advisors.models import AdvisorPreferences, HelpRequest
from cases.models import Case
from tests.factories import CaseFactory, UserFactory, add_call, platform
from tests.support import files
from tests.support.evidence import upload

pytestmark = pytest.mark.django_db


def awake(user):
    """An email address, and no quiet hours, so an email goes at once."""
    user.email = f"volunteer{user.pk}@example.cn"
    user.quiet_hours_start = user.quiet_hours_end = time(0, 0)
    user.save()
    return user


def told(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def ask(case, capture):
    with capture(execute=True):
        services.help_request(case=case, message="请帮忙")


def test_a_new_request_reaches_the_pool_in_app_and_by_email(
    consumer, advisor, other_advisor, django_capture_on_commit_callbacks
):
    awake(advisor)
    AdvisorPreferences.objects.create(advisor=other_advisor, by_email=False)
    plain_staff = UserFactory(is_staff=True)
    case = CaseFactory(owner=consumer)
    ask(case, django_capture_on_commit_callbacks)
    assert told(advisor) == [f"新的求助：{case.reference}"]
    assert told(other_advisor) == [f"新的求助：{case.reference}"]
    assert told(plain_staff) == [] and told(consumer) == []
    assert [m.to for m in mail.outbox] == [[advisor.email]]
    assert case.reference in mail.outbox[0].subject
    assert f"/admin/cases/case/{case.pk}/change/" in mail.outbox[0].body


def test_volunteers_who_chose_platforms_or_problems_hear_only_of_those(
    consumer, advisor, other_advisor, django_capture_on_commit_callbacks
):
    case = CaseFactory(owner=consumer, problem="counterfeit")
    elsewhere = CaseFactory(owner=consumer, problem="defect", platform=platform("taobao"))
    mine = AdvisorPreferences.objects.create(advisor=advisor, problems=["counterfeit"])
    theirs = AdvisorPreferences.objects.create(advisor=other_advisor)
    theirs.platforms.set([elsewhere.platform])
    ask(case, django_capture_on_commit_callbacks)
    ask(elsewhere, django_capture_on_commit_callbacks)
    assert told(advisor) == [f"新的求助：{case.reference}"]
    assert told(other_advisor) == [f"新的求助：{elsewhere.reference}"]
    mine.new_requests = False
    mine.save()
    services.help_withdraw(case=case)
    ask(case, django_capture_on_commit_callbacks)
    assert len(told(advisor)) == 1


def test_the_same_request_queued_twice_is_one_notification(shared_case, advisor):
    assert notify.new_request(shared_case.pk) == 1
    assert notify.new_request(shared_case.pk) == 0
    assert len(told(advisor)) == 1


def test_the_consumers_entry_and_file_reach_the_holder_once_while_unread(
    shared_case,
    consumer,
    consumer_client,
    advisor,
    other_advisor,
    django_capture_on_commit_callbacks,
):
    services.case_take(case=shared_case, advisor=advisor)
    with django_capture_on_commit_callbacks(execute=True):
        add_call(shared_case, agent_id="PDD-0731")
    assert told(advisor) == [f"案件 {shared_case.reference} 有新的时间线记录"]
    assert told(other_advisor) == []
    Notification.objects.update(read_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        upload(consumer_client, shared_case, ("订单.jpg", files.jpeg(title="a")))
    with django_capture_on_commit_callbacks(execute=True):
        upload(consumer_client, shared_case, ("订单2.jpg", files.jpeg(title="b")))
    assert told(advisor).count(f"案件 {shared_case.reference} 有新的证据") == 1


def test_an_advisors_own_change_and_an_unheld_case_tell_nobody(
    shared_case, advisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_call(shared_case)  # nobody holds it yet
    services.case_take(case=shared_case, advisor=advisor)
    notify.case_changed(case=shared_case, what="phone_call", actor=advisor)
    assert told(advisor) == []


def test_holder_notify_is_the_door_for_other_parts(shared_case, advisor, other_advisor):
    assert not notify.holder_notify(shared_case, title="消费者回复了建议")
    services.case_take(case=shared_case, advisor=advisor)
    assert notify.holder_notify(shared_case, title="消费者回复了建议", body="谢谢")
    assert told(advisor) == ["消费者回复了建议"] and told(other_advisor) == []
    AdvisorPreferences.objects.create(advisor=advisor, case_news=False)
    Notification.objects.all().delete()
    assert not notify.holder_notify(shared_case, title="又回复了")


def test_deadlines_coming_due_are_told_once_per_date(shared_case, advisor, other_advisor):
    services.case_take(case=shared_case, advisor=advisor)
    today = timezone.localdate()
    Case.objects.filter(pk=shared_case.pk).update(next_deadline_on=today + timedelta(days=1))
    far = CaseFactory(owner=shared_case.owner)
    services.help_request(case=far)
    services.case_take(case=far, advisor=other_advisor)
    Case.objects.filter(pk=far.pk).update(next_deadline_on=today + timedelta(days=9))
    assert notify.deadlines_due(today=today) == 1
    assert notify.deadlines_due(today=today) == 0  # run twice: told once
    assert len(told(advisor)) == 1 and told(other_advisor) == []
    # the deadline passes with nothing logged: that date was told already
    assert notify.deadlines_due(today=today + timedelta(days=3)) == 0
    # a new date is news again, and an overdue one says so
    Case.objects.filter(pk=shared_case.pk).update(next_deadline_on=today - timedelta(days=2))
    assert notify.deadlines_due(today=today) == 1
    assert "逾期" in told(advisor)[0]
    assert HelpRequest.objects.get(case=shared_case).deadline_told_on == today - timedelta(days=2)


def test_someone_no_longer_an_advisor_is_told_nothing(shared_case, advisor):
    services.case_take(case=shared_case, advisor=advisor)
    advisor.groups.clear()
    assert not notify.holder_notify(shared_case, title="消费者回复了建议")
    assert notify.new_request(shared_case.pk) == 0
    assert told(advisor) == []


def test_an_email_task_run_twice_sends_one_message(shared_case, advisor):
    awake(advisor)
    notification = Notification.objects.create(user=advisor, title="新的求助", url="/admin/")
    assert notify.notice_email_send(notification.pk)
    assert not notify.notice_email_send(notification.pk)
    assert len(mail.outbox) == 1
