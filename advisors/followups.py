"""Dated follow-ups from a shared case's workspace: "remind me on…" for the volunteer, and
"remind the consumer on… / now" for the consumer.

The consumer's are ordinary reminders (cases/reminders.py: claimed, sent once, after their
quiet hours); the volunteer's are told in-app on the morning of their day by a sweep that
claims each with a conditional UPDATE, so two sweeps never tell one twice.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import Case, Reminder
from cases.reminders import REMIND_AT, reminder_add

from .models import AccessAction, AdvisorFollowUp
from .replies import volunteer_tell
from .services import access_record, reminder_send_now

# A follow-up further ahead than this is a typo in the year, not a plan.
FOLLOW_UP_AHEAD = timedelta(days=366)

__all__ = [
    "consumer_remind_now",
    "consumer_remind_on",
    "followup_add",
    "followups_notify_due",
    "followups_pending",
]


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, REMIND_AT))


def followup_add(*, case: Case, advisor, due_on: date, note: str = "") -> AdvisorFollowUp:
    """ "Remind me on…": the volunteer is told on the morning of `due_on`."""
    return AdvisorFollowUp.objects.create(case=case, advisor=advisor, due_on=due_on, note=note)


def followups_pending(*, case: Case, advisor) -> list[AdvisorFollowUp]:
    return list(AdvisorFollowUp.objects.filter(case=case, advisor=advisor, notified_at=None))


def consumer_remind_on(*, case: Case, advisor, day: date, message: str = "") -> Reminder:
    """ "Remind the consumer on…": a reminder sent to them on the morning of `day` (at once
    if that morning has passed), logged for the consumer to see."""
    with translation.override(settings.LANGUAGE_CODE):
        text = message or _("A volunteer asks you to look at case %(reference)s") % {
            "reference": case.reference
        }
    reminder = reminder_add(case=case, due_at=_morning(day), message=text[:300], actor=advisor)
    access_record(actor=advisor, case=case, action=AccessAction.SCHEDULED_REMINDER)
    return reminder


def consumer_remind_now(*, case: Case, advisor, message: str = "") -> None:
    """ "Remind the consumer now": the admin list's action, from the workspace."""
    reminder_send_now(case=case, advisor=advisor, message=message)


def followups_notify_due(*, now: datetime | None = None) -> int:
    """Tell each volunteer whose follow-up day has come (from 09:00 China time); returns how
    many were told. Safe to run twice: each follow-up is claimed before it is told."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    last_day = local.date() if local.time() >= REMIND_AT else local.date() - timedelta(days=1)
    due = AdvisorFollowUp.objects.filter(notified_at=None, due_on__lte=last_day)
    told = 0
    for followup in due.select_related("case", "advisor")[:1000]:
        with transaction.atomic():
            if not AdvisorFollowUp.objects.filter(pk=followup.pk, notified_at=None).update(
                notified_at=now
            ):
                continue  # another sweep claimed it
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Follow up on %(reference)s today") % {
                    "reference": followup.case.reference
                }
            volunteer_tell(
                advisor=followup.advisor,
                case=followup.case,
                title=title,
                body=followup.note,
                anchor="followups",
            )
            told += 1
    return told
