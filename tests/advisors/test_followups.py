"""A volunteer's "remind me on…" reaches them on the morning of its day, once
(advisors/followups.py, run by the beat's advisors.tasks.followups_sweep)."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from accounts.models import Notification
from advisors.followups import followup_add, followups_notify_due
from advisors.models import AdvisorFollowUp
from advisors.services import help_withdraw
from advisors.tasks import followups_sweep

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 8)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_a_follow_up_is_told_from_nine_on_its_day_and_only_once(shared_case, advisor):
    followup_add(case=shared_case, advisor=advisor, due_on=DAY, note="看平台回复")
    assert followups_notify_due(now=at(DAY - timedelta(days=1), 23)) == 0
    assert followups_notify_due(now=at(DAY, 8, 59)) == 0
    assert followups_notify_due(now=at(DAY, 9)) == 1
    assert followups_notify_due(now=at(DAY, 9, 5)) == 0
    told = Notification.objects.get(user=advisor)
    assert told.title == f"今天请跟进案件 {shared_case.reference}"
    assert told.body == "看平台回复"
    assert told.url.endswith(f"/admin/cases/case/{shared_case.pk}/change/#followups")
    assert AdvisorFollowUp.objects.get().notified_at == at(DAY, 9)


def test_a_missed_morning_is_told_at_the_next_sweep(shared_case, advisor):
    followup_add(case=shared_case, advisor=advisor, due_on=DAY)
    assert followups_notify_due(now=at(DAY + timedelta(days=2), 3)) == 1


def test_nobody_is_told_of_a_case_no_longer_shared_or_once_no_longer_an_advisor(
    shared_case, advisor, other_advisor
):
    followup_add(case=shared_case, advisor=advisor, due_on=DAY)
    other_advisor.is_staff = False
    other_advisor.save()
    followup_add(case=shared_case, advisor=other_advisor, due_on=DAY)
    followups_notify_due(now=at(DAY, 10))
    assert Notification.objects.filter(user=advisor).count() == 1
    assert not Notification.objects.filter(user=other_advisor).exists()

    followup_add(case=shared_case, advisor=advisor, due_on=DAY + timedelta(days=1))
    help_withdraw(case=shared_case)
    shared_case.refresh_from_db()
    followups_notify_due(now=at(DAY + timedelta(days=1), 10))
    assert Notification.objects.filter(user=advisor).count() == 1


def test_the_sweep_task_is_on_the_beat(shared_case, advisor):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-advisor-followups"]
    assert entry["task"] == "advisors.tasks.followups_sweep"
    followup_add(case=shared_case, advisor=advisor, due_on=DAY)
    with time_machine.travel(at(DAY, 9, 30), tick=False):
        assert followups_sweep.delay().get() == 1
