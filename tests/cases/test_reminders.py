"""Reminders without a worker: sync with the timeline, claiming, delivery, quiet hours."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import in_quiet_hours, quiet_until
from cases import reminders, services
from cases.models import EventKind, Outcome, Reminder, ReminderState, Stage
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def owner():
    return UserFactory(email="wang@example.cn")


@pytest.fixture
def case(owner):
    return CaseFactory(owner=owner, received_date=None)


def promise_call(case, promised_by: date, promise="48小时内退款"):
    return services.case_add_event(
        case=case,
        kind=EventKind.PHONE_CALL,
        happened_at=timezone.now() - timedelta(hours=1),
        actor=case.owner,
        summary="客服答应退款",
        promise=promise,
        promised_by=promised_by,
    )


def promise_reminder(case) -> Reminder:
    return case.reminders.get(source_key__startswith="promise-")


# --- kept in step with the timeline -------------------------------------------------------


def test_a_promise_by_friday_is_reminded_on_friday_morning(case):
    friday = timezone.localdate() + timedelta(days=(4 - timezone.localdate().weekday()) % 7 or 7)
    promise_call(case, friday)
    reminder = promise_reminder(case)
    assert timezone.localtime(reminder.due_at) == local(friday, 9)
    assert reminder.deadline_on == friday
    assert reminder.state == ReminderState.SCHEDULED
    assert "48小时内退款" in reminder.message


def test_correcting_the_promised_date_moves_the_reminder(case):
    event = promise_call(case, timezone.localdate() + timedelta(days=3))
    later = timezone.localdate() + timedelta(days=6)
    services.case_event_edit(
        event=event, actor=case.owner, happened_at=event.happened_at, summary=event.summary,
        promise="48小时内退款", promised_by=later,
    )  # fmt: skip
    assert promise_reminder(case).deadline_on == later
    assert case.reminders.filter(source_key__startswith="promise-").count() == 1


def test_deleting_the_entry_cancels_its_reminder(case):
    event = promise_call(case, timezone.localdate() + timedelta(days=3))
    services.case_event_hide(event=event, actor=case.owner)
    assert promise_reminder(case).state == ReminderState.CANCELLED


def test_a_return_window_is_reminded_the_morning_before_it_closes(owner):
    received = timezone.localdate() - timedelta(days=2)
    case = CaseFactory(owner=owner, received_date=received)
    reminder = case.reminders.get(source_key="no_reason_return")
    assert timezone.localtime(reminder.due_at) == local(received + timedelta(days=6), 9)


def test_moving_past_the_platform_cancels_return_window_reminders(owner):
    case = CaseFactory(owner=owner, received_date=timezone.localdate() - timedelta(days=1))
    services.case_move_stage(case=case, stage=Stage.CONSUMER_AUTHORITY, actor=owner)
    assert case.reminders.get(source_key="no_reason_return").state == ReminderState.CANCELLED
    assert case.reminders.get(source_key="limitation").state == ReminderState.SCHEDULED


def test_closing_cancels_everything_and_reopening_brings_deadlines_back(case, owner):
    promise_call(case, timezone.localdate() + timedelta(days=2))
    manual = reminders.reminder_add(
        case=case, due_at=timezone.now() + timedelta(days=1), message="再打电话", actor=owner
    )
    services.case_close(
        case=case, outcome=Outcome.REFUNDED, closed_on=timezone.localdate(), actor=owner
    )
    assert not case.reminders.filter(
        state__in=[ReminderState.SCHEDULED, ReminderState.SNOOZED]
    ).exists()
    manual.refresh_from_db()
    assert manual.state == ReminderState.CANCELLED
    services.case_reopen(case=case, actor=owner)
    assert promise_reminder(case).state == ReminderState.SCHEDULED


def test_past_deadlines_make_no_reminder(owner):
    case = CaseFactory(
        owner=owner,
        purchase_date=timezone.localdate() - timedelta(days=40),
        received_date=timezone.localdate() - timedelta(days=30),
    )
    assert not case.reminders.filter(source_key="no_reason_return").exists()


# --- delivery -----------------------------------------------------------------------------


def due_now(case, message="商家承诺的退款今天到期", **fields) -> Reminder:
    return Reminder.objects.create(
        case=case, kind="manual", due_at=timezone.now() - timedelta(minutes=1),
        message=message, channels=["email", "in_app"], **fields,
    )  # fmt: skip


@pytest.fixture
def daytime(time_machine):
    time_machine.move_to(local(date(2026, 11, 27), 10), tick=False)


def test_delivery_sends_one_chinese_email_and_one_notification(case, owner, daytime):
    reminder = due_now(case)
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "sent"
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "not claimed"
    [message] = mail.outbox
    assert message.to == ["wang@example.cn"]
    assert message.subject == "【维权提醒】商家承诺的退款今天到期"
    assert case.get_absolute_url() in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and "打开案件" in html
    [notification] = Notification.objects.filter(user=owner)
    assert notification.url == case.get_absolute_url()
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SENT and reminder.attempts == 1


def test_a_claim_is_exclusive_until_its_lease_ends(case, daytime, settings):
    reminder = due_now(case)
    now = timezone.now()
    assert reminders.reminder_claim(reminder_id=reminder.pk, now=now)
    assert not reminders.reminder_claim(reminder_id=reminder.pk, now=now)
    after_lease = now + timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1)
    assert reminder.pk in reminders.reminders_due(now=after_lease)
    assert reminders.reminder_claim(reminder_id=reminder.pk, now=after_lease)


def test_quiet_hours_hold_a_reminder_until_morning(case, time_machine):
    time_machine.move_to(local(date(2026, 11, 27), 3), tick=False)
    reminder = due_now(case)
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "quiet hours"
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SCHEDULED
    assert timezone.localtime(reminder.due_at) == local(date(2026, 11, 27), 8)
    assert mail.outbox == []
    time_machine.move_to(local(date(2026, 11, 27), 8, 1), tick=False)
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "sent"
    assert len(mail.outbox) == 1


def test_a_postponement_is_not_an_attempt_and_the_retries_stay_whole(case, settings, time_machine):
    # given a reminder due at 23:00, inside the default quiet hours (22:00 to 08:00)
    settings.EMAIL_BACKEND = "tests.support.mail.FailingBackend"
    settings.REMINDER_MAX_ATTEMPTS = 5
    time_machine.move_to(local(date(2026, 11, 27), 23), tick=False)
    reminder = due_now(case)
    # when it comes due, it waits for 08:00 without using an attempt
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "quiet hours"
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (ReminderState.SCHEDULED, 0)
    assert timezone.localtime(reminder.due_at) == local(date(2026, 11, 28), 8)
    # then a refusing mail server in the morning is tried five times, 2, 4, 8, 16 minutes apart
    tried_at, outcomes = [], []
    for _ in range(10):
        reminder.refresh_from_db()
        if reminder.state != ReminderState.SCHEDULED:
            break
        time_machine.move_to(reminder.due_at, tick=False)
        tried_at.append(timezone.localtime().strftime("%H:%M"))
        outcomes.append(reminders.reminder_deliver(reminder_id=reminder.pk))
    assert tried_at == ["08:00", "08:02", "08:06", "08:14", "08:30"]
    assert outcomes == ["retry", "retry", "retry", "retry", "failed"]
    assert (reminder.state, reminder.attempts) == (ReminderState.FAILED, 5)
    assert "refused" in reminder.last_error
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_retry_that_falls_in_quiet_hours_keeps_its_count_and_its_error(
    case, settings, time_machine
):
    # given a mail server that refused the reminder at 21:58, two minutes before quiet hours
    settings.EMAIL_BACKEND = "tests.support.mail.FailingBackend"
    time_machine.move_to(local(date(2026, 11, 27), 21, 58), tick=False)
    reminder = due_now(case)
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "retry"
    # when the retry comes due at 22:00, it waits for the morning
    time_machine.move_to(local(date(2026, 11, 27), 22), tick=False)
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "quiet hours"
    reminder.refresh_from_db()
    assert timezone.localtime(reminder.due_at) == local(date(2026, 11, 28), 8)
    assert reminder.attempts == 1 and "refused" in reminder.last_error
    # then at 08:00 it goes out on its second attempt
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.move_to(local(date(2026, 11, 28), 8), tick=False)
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "sent"
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts, reminder.last_error) == (ReminderState.SENT, 2, "")
    assert len(mail.outbox) == 1


OVERTAKING_CLAIMS: list = []


class OvertakingBackend(BaseEmailBackend):
    """A mail server so slow that the lease runs out and another worker claims the reminder
    meanwhile, and which then refuses the message."""

    def send_messages(self, email_messages):
        reminder_id, now = OVERTAKING_CLAIMS[0]
        later = now + timedelta(seconds=django_settings.REMINDER_LEASE_SECONDS + 1)
        OVERTAKING_CLAIMS.append(reminders.reminder_claim(reminder_id=reminder_id, now=later))
        raise ConnectionRefusedError("mail server refused the connection")


def test_a_worker_whose_lease_ran_out_leaves_the_new_claim_alone(case, settings, daytime):
    settings.EMAIL_BACKEND = "tests.cases.test_reminders.OvertakingBackend"
    reminder = due_now(case)
    OVERTAKING_CLAIMS[:] = [(reminder.pk, timezone.now())]
    reminders.reminder_deliver(reminder_id=reminder.pk)
    [_, second_lease] = OVERTAKING_CLAIMS
    reminder.refresh_from_db()
    # the first worker's failure did not hand out (or fail) what the second one now holds
    assert second_lease is not None
    assert (reminder.state, reminder.claimed_until) == (ReminderState.SENDING, second_lease)
    first_lease_over = timezone.now() + timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 2)
    assert reminders.reminders_due(now=first_lease_over) == []


@pytest.mark.parametrize(
    ("moment", "start", "end", "quiet"),
    [
        (time(23, 0), time(22, 0), time(8, 0), True),
        (time(7, 59), time(22, 0), time(8, 0), True),
        (time(8, 0), time(22, 0), time(8, 0), False),
        (time(12, 0), time(22, 0), time(8, 0), False),
        (time(13, 0), time(12, 0), time(14, 0), True),
        (time(13, 0), time(9, 0), time(9, 0), False),
    ],
)
def test_in_quiet_hours(moment, start, end, quiet):
    assert in_quiet_hours(moment, start, end) is quiet


def test_quiet_until_evening_waits_for_tomorrow_morning(owner):
    end = quiet_until(user=owner, now=local(date(2026, 11, 27), 23, 30))
    assert end == local(date(2026, 11, 28), 8)


def test_no_email_for_people_who_turned_it_off_or_have_no_address(owner, daytime):
    owner.notify_by_email = False
    owner.save()
    reminder = due_now(CaseFactory(owner=owner))
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "sent"
    phone_only = UserFactory(email="")
    assert (
        reminders.reminder_deliver(reminder_id=due_now(CaseFactory(owner=phone_only)).pk) == "sent"
    )
    assert mail.outbox == []
    assert Notification.objects.count() == 2


def test_done_or_closed_reminders_are_never_sent(case, owner, daytime):
    done = due_now(case)
    reminders.reminder_done(reminder=done)
    assert reminders.reminder_deliver(reminder_id=done.pk) == "not claimed"
    pending = due_now(case)
    Reminder.objects.filter(pk=pending.pk).update(state=ReminderState.SCHEDULED)
    case.closed_on, case.outcome = timezone.localdate(), Outcome.WITHDRAWN
    case.save()
    assert reminders.reminder_deliver(reminder_id=pending.pk) == "case closed"
    assert mail.outbox == []


def test_a_failing_mail_server_is_retried_with_backoff_then_given_up(case, settings, daytime):
    settings.EMAIL_BACKEND = "tests.support.mail.FailingBackend"
    reminder = due_now(case)
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "retry"
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SCHEDULED
    assert reminder.due_at == timezone.now() + timedelta(minutes=2)
    assert "refused" in reminder.last_error
    for _ in range(settings.REMINDER_MAX_ATTEMPTS - 1):
        Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now())
        outcome = reminders.reminder_deliver(reminder_id=reminder.pk)
    assert outcome == "failed"
    assert not Notification.objects.exists()


def test_send_due_reminders_command_sends_each_once(case, daytime, capsys):
    due_now(case)
    due_now(case, message="第二条")
    call_command("send_due_reminders")
    call_command("send_due_reminders")
    assert len(mail.outbox) == 2
    assert "2 due reminders: 2 sent" in capsys.readouterr().out


def test_the_sweep_is_one_query_whatever_the_number_of_reminders(
    case, django_assert_num_queries, daytime
):
    for _ in range(30):
        due_now(case)
    with django_assert_num_queries(1):
        assert len(reminders.reminders_due()) == 30


# --- pages --------------------------------------------------------------------------------


def test_case_page_lists_reminders_with_snooze_done_and_add(client, case, owner):
    promise_call(case, timezone.localdate() + timedelta(days=2))
    client.force_login(owner)
    html = client.get(reverse("cases:more", args=[case.reference])).content.decode()
    assert 'id="reminders"' in html and "48小时内退款" in html
    reminder = promise_reminder(case)
    client.post(reverse("cases:reminder_snooze", args=[case.reference, reminder.pk]))
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SNOOZED
    client.post(reverse("cases:reminder_done", args=[case.reference, reminder.pk]))
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.DONE
    tomorrow = timezone.localdate() + timedelta(days=1)
    client.post(
        reverse("cases:reminder_new", args=[case.reference]),
        {"remind_on": tomorrow.isoformat(), "remind_at": "10:30", "message": "打电话问退款"},
    )
    added = case.reminders.get(kind="manual")
    assert timezone.localtime(added.due_at) == local(tomorrow, 10, 30)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"remind_on": "2020-01-01", "remind_at": "09:00", "message": "x"}, "将来"),
        ({"remind_on": "2026-02-31", "remind_at": "09:00", "message": "x"}, "有效日期"),
        ({"remind_on": "2030-01-01", "remind_at": "25:99", "message": "x"}, "09:00"),
        ({"remind_on": "2030-01-01", "remind_at": "09:00", "message": ""}, "请填写"),
    ],
)
def test_bad_reminder_input_is_explained(client, case, owner, data, error):
    client.force_login(owner)
    response = client.post(reverse("cases:reminder_new", args=[case.reference]), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not case.reminders.filter(kind="manual").exists()


def test_another_consumer_gets_404_on_every_reminder_url(client, case):
    promise_call(case, timezone.localdate() + timedelta(days=2))
    reminder = promise_reminder(case)
    client.force_login(UserFactory())
    for url in (
        reverse("cases:reminder_snooze", args=[case.reference, reminder.pk]),
        reverse("cases:reminder_done", args=[case.reference, reminder.pk]),
        reverse("cases:reminder_new", args=[case.reference]),
    ):
        assert client.post(url, {"message": "x"}).status_code == 404
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SCHEDULED


def test_a_reminder_of_another_case_is_404_inside_my_case(client, case, owner):
    mine = CaseFactory(owner=owner)
    theirs = due_now(CaseFactory())
    client.force_login(owner)
    url = reverse("cases:reminder_done", args=[mine.reference, theirs.pk])
    assert client.post(url).status_code == 404


def test_notification_centre_shows_only_my_notifications_and_the_badge(client, owner, daytime):
    stranger = UserFactory()
    Notification.objects.create(user=owner, title="我的提醒", url="/cases/")
    Notification.objects.create(user=stranger, title="别人的提醒")
    client.force_login(owner)
    assert 'id="notification-bell"' in (home := client.get("/").content.decode())
    assert ">1<" in home.replace(" ", "")  # the unread badge
    html = client.get(reverse("accounts:notifications")).content.decode()
    assert "我的提醒" in html and "别人的提醒" not in html
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=stranger, read_at__isnull=True).exists()


def test_refund_promised_by_friday_arrives_once_on_friday_morning(client, owner, time_machine):
    """The issue's promise: one email and one notification on Friday morning, not at 3 a.m."""
    # given Monday 23 November 2026, a consumer logs a call: refund promised by Friday
    time_machine.move_to(local(date(2026, 11, 23), 15), tick=False)
    case = CaseFactory(owner=owner, purchase_date=date(2026, 11, 10))
    client.force_login(owner)
    client.post(
        reverse("cases:event_new", args=[case.reference]),
        {
            "kind": "phone_call",
            "when": "pick",
            "happened_at": "2026-11-23T14:30",
            "summary": "客服说周五前退款",
            "number_dialled": "95152",
            "agent_id": "DY-2231",
            "promise": "周五前退款",
            "promised_by": "2026-11-27",
        },
    )
    # when the sweeps run through the night, nothing goes out
    for hour in (0, 3, 7):
        time_machine.move_to(local(date(2026, 11, 27), hour), tick=False)
        call_command("send_due_reminders")
    assert mail.outbox == []
    # then on Friday morning, exactly one email and one notification, whatever runs again
    for minute in (1, 2, 3):
        time_machine.move_to(local(date(2026, 11, 27), 9, minute), tick=False)
        call_command("send_due_reminders")
    [message] = mail.outbox
    assert "周五前退款" in message.subject
    assert Notification.objects.filter(user=owner).count() == 1
