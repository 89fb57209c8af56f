"""The reminder path end to end: a real redis-server, real Celery workers, no eager mode.

Transactional tests: the worker runs in another thread or process and must see committed
rows (on SQLite the test database is a file, see tests/conftest.py; a subprocess finds it
through tests/support/database.py whatever the engine).
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from cases.models import Reminder, ReminderState
from cases.tasks import reminder_send, reminders_sweep
from tests.factories import CaseFactory, UserFactory
from tests.support.celery_worker import use_broker
from tests.support.database import subprocess_database_url
from tests.support.redis import redis_server
from tests.support.waiting import wait_for
from weiquan.celery import app as celery_app

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shopping_platforms"),
]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def owner(settings):
    # daytime everywhere: quiet hours that never apply, unless a test says otherwise
    user = UserFactory(email="wang@example.cn")
    user.quiet_hours_start = user.quiet_hours_end = (
        timezone.localtime().time().replace(second=0, microsecond=0)
    )
    user.save()
    return user


def due_reminder(owner, message="商家承诺的退款今天到期") -> Reminder:
    case = CaseFactory(owner=owner)
    return Reminder.objects.create(
        case=case, kind="manual", due_at=timezone.now() - timedelta(seconds=5), message=message,
        channels=["email", "in_app"],
    )  # fmt: skip


def state_of(reminder) -> str:
    return Reminder.objects.values_list("state", flat=True).get(pk=reminder.pk)


def attempts_of(reminder) -> int:
    return Reminder.objects.values_list("attempts", flat=True).get(pk=reminder.pk)


def test_a_due_reminder_is_delivered_once_through_beat_sweep_and_worker(owner, worker):
    reminder = due_reminder(owner)
    reminders_sweep.delay()
    assert wait_for(lambda: state_of(reminder) == ReminderState.SENT)
    reminders_sweep.delay().get(timeout=20)  # a later sweep finds nothing to send
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "【维权提醒】商家承诺的退款今天到期"
    assert Notification.objects.filter(user=owner).count() == 1


def test_concurrent_sweeps_and_duplicate_tasks_still_send_once(owner, worker):
    reminders = [due_reminder(owner, message=f"提醒 {n}") for n in range(5)]
    results = [reminders_sweep.delay() for _ in range(3)]
    results += [reminder_send.delay(reminders[0].pk) for _ in range(3)]
    for result in results:
        result.get(timeout=30)
    assert wait_for(lambda: all(state_of(r) == ReminderState.SENT for r in reminders))
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"【维权提醒】提醒 {n}" for n in range(5)
    )
    assert Notification.objects.filter(user=owner).count() == 5


def test_quiet_hours_are_respected_by_the_worker_and_cost_no_attempt(owner, worker):
    now = timezone.localtime()
    owner.quiet_hours_start = (now - timedelta(hours=1)).time()
    owner.quiet_hours_end = (now + timedelta(hours=1)).time().replace(second=0, microsecond=0)
    owner.save()
    reminder = due_reminder(owner)
    assert reminders_sweep.delay().get(timeout=20) == 1
    assert wait_for(lambda: Reminder.objects.get(pk=reminder.pk).due_at > timezone.now())
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (ReminderState.SCHEDULED, 0)
    assert timezone.localtime(reminder.due_at).time() == owner.quiet_hours_end
    assert mail.outbox == [] and not Notification.objects.exists()
    # when the quiet hours are over, concurrent sweeps and a duplicate task send it once
    owner.quiet_hours_start = owner.quiet_hours_end = now.time().replace(microsecond=0)
    owner.save()
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(seconds=1))
    results = [reminders_sweep.delay(), reminders_sweep.delay(), reminder_send.delay(reminder.pk)]
    for result in results:
        result.get(timeout=30)
    assert wait_for(lambda: state_of(reminder) == ReminderState.SENT)
    reminder.refresh_from_db()
    assert reminder.attempts == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=owner).count() == 1


def test_a_worker_killed_while_sending_is_replaced_and_the_reminder_goes_out_once(
    owner, redis_url, tmp_path
):
    reminder = due_reminder(owner)
    # given a worker process stuck in the mail server after claiming the reminder
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "weiquan.settings",
        "DATABASE_URL": subprocess_database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_EMAIL_BACKEND": "tests.support.mail.HangingBackend",
        "REMINDER_LEASE_SECONDS": "3",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "weiquan", "worker", "--pool", "solo",
         "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(tmp_path / "worker.log").open("w"),
    )  # fmt: skip
    try:
        reminder_send.delay(reminder.pk)
        # its attempt is counted just before it calls the mail server
        assert wait_for(lambda: attempts_of(reminder) == 1, seconds=90), (
            tmp_path / "worker.log"
        ).read_text()
        assert state_of(reminder) == ReminderState.SENDING
    finally:
        # when it is killed (no chance to clean up)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    assert state_of(reminder) == ReminderState.SENDING
    # then a restarted worker takes it over once the claim's lease has run out
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        reminders_sweep.delay().get(timeout=20)  # still leased: nothing is handed out
        assert state_of(reminder) == ReminderState.SENDING
        time.sleep(3.5)
        reminders_sweep.delay().get(timeout=20)
        assert wait_for(lambda: state_of(reminder) == ReminderState.SENT)
    reminder.refresh_from_db()
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=owner).count() == 1
    assert reminder.attempts == 2  # the dead worker's try at the mail server, then the new one's


def test_redis_down_loses_nothing_and_sends_once_it_is_back(owner, redis_url, tmp_path, client):
    with redis_server(tmp_path) as doomed_url:
        use_broker(doomed_url)
    # the broker is gone (the server stopped): the consumer still uses the site
    try:
        client.force_login(owner)
        reminder = due_reminder(owner)
        page = client.get(reminder.case.get_absolute_url())
        assert page.status_code == 200
        # a sweep cannot queue anything, claims nothing, raises nothing
        assert reminders_sweep() == 0
        assert state_of(reminder) == ReminderState.SCHEDULED
    finally:
        use_broker(redis_url)
    # when a broker is back, the next sweep sends it, once
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        reminders_sweep.delay().get(timeout=20)
        assert wait_for(lambda: state_of(reminder) == ReminderState.SENT)
    assert len(mail.outbox) == 1
