"""Help requests, taking cases, notes, advice replies and the access log.

Every advisor read of a consumer's case or file and every change goes through
`access_record`, so the consumer can see who looked and superusers can audit it.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.models import Case
from cases.reminders import reminder_add
from cases.services import case_deadline_dismiss

from .models import (
    CONSENT_VERSION,
    AccessAction,
    AccessEntry,
    AdviceReply,
    AdvisorNote,
    HelpRequest,
)

logger = logging.getLogger(__name__)


def advisor_name(user) -> str:
    """How an advisor is named to consumers: their chosen name, else "volunteer #id"."""
    return user.display_name or _("Volunteer #%(id)s") % {"id": user.pk}


def queue_refresh(*, case: Case) -> None:
    """Keep the case's place in the advisors' queue (Case.help_waiting_since) in step with
    its help request: waiting since the request while nobody holds it, so a released case
    goes back to where it stood. Every service that takes, releases, hands over, asks for or
    withdraws help calls it."""
    waiting = (
        HelpRequest.objects.filter(case=case, advisor__isnull=True, withdrawn_at__isnull=True)
        .values_list("consented_at", flat=True)
        .first()
    )
    Case.objects.filter(pk=case.pk).update(help_waiting_since=waiting)
    case.help_waiting_since = waiting


def access_record(*, actor, case: Case, action: AccessAction | str, target: str = "") -> None:
    AccessEntry.objects.create(
        actor=actor,
        actor_name=advisor_name(actor),
        case=case,
        case_reference=case.reference,
        action=action,
        target=target[:80],
    )


@transaction.atomic
def help_request(*, case: Case, message: str = "") -> HelpRequest:
    """The owner asks for a volunteer and consents that advisors may read the case and its
    evidence (asking again after withdrawing renews the consent)."""
    now = timezone.now()
    request, created = HelpRequest.objects.get_or_create(
        case=case,
        defaults={"message": message, "consent_version": CONSENT_VERSION, "consented_at": now},
    )
    if not created:
        request.message = message or request.message
        request.consent_version = CONSENT_VERSION
        request.consented_at = now
        request.withdrawn_at = None
        request.save()
    Case.objects.filter(pk=case.pk).update(shared_with_advisors=True)
    queue_refresh(case=case)
    case.shared_with_advisors = True
    return request


@transaction.atomic
def help_withdraw(*, case: Case) -> None:
    """Consent withdrawn: advisors no longer see the case, and nobody holds it."""
    HelpRequest.objects.filter(case=case, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), advisor=None, assigned_at=None
    )
    Case.objects.filter(pk=case.pk).update(shared_with_advisors=False)
    queue_refresh(case=case)
    case.shared_with_advisors = False


def case_take(*, case: Case, advisor) -> bool:
    """Assign the case to this advisor; False if another advisor already holds it."""
    taken = HelpRequest.objects.filter(
        case=case, withdrawn_at__isnull=True, advisor__isnull=True
    ).update(advisor=advisor, assigned_at=timezone.now())
    queue_refresh(case=case)
    if taken:
        access_record(actor=advisor, case=case, action=AccessAction.TOOK_CASE)
    return bool(taken)


def case_release(*, case: Case, advisor) -> bool:
    """Give the case back to the queue (an advisor releases their own; a superuser any)."""
    held = HelpRequest.objects.filter(case=case, advisor__isnull=False)
    if not advisor.is_superuser:
        held = held.filter(advisor=advisor)
    released = held.update(advisor=None, assigned_at=None)
    queue_refresh(case=case)
    if released:
        access_record(actor=advisor, case=case, action=AccessAction.RELEASED_CASE)
    return bool(released)


def note_add(*, case: Case, author, body: str) -> AdvisorNote:
    note = AdvisorNote.objects.create(case=case, author=author, body=body)
    access_record(actor=author, case=case, action=AccessAction.WROTE_NOTE)
    return note


def reply_send(*, case: Case, author, body: str) -> AdviceReply:
    """Advice to the consumer: on their case page, and they are told by their own channels
    (in-app and email, after their quiet hours) through a reminder sent right away."""
    reply = AdviceReply.objects.create(
        case=case, author=author, author_name=advisor_name(author), body=body
    )
    access_record(actor=author, case=case, action=AccessAction.REPLIED)
    _remind_now(
        case=case,
        actor=author,
        message=_("%(name)s replied on your case: %(start)s")
        % {"name": reply.author_name, "start": Truncator(body).chars(60)},
    )
    return reply


def reminder_send_now(*, case: Case, advisor, message: str = "") -> None:
    """An advisor nudges the consumer to follow up (the admin's "send a reminder now")."""
    _remind_now(
        case=case,
        actor=advisor,
        message=message
        or _("A volunteer asks you to look at case %(reference)s") % {"reference": case.reference},
    )
    access_record(actor=advisor, case=case, action=AccessAction.SENT_REMINDER)


def _remind_now(*, case: Case, actor, message: str) -> None:
    from cases.tasks import reminder_send

    with translation.override(settings.LANGUAGE_CODE):
        message = str(message)
    reminder = reminder_add(case=case, due_at=timezone.now(), message=message[:300], actor=actor)
    # Sent at once by a worker; if the broker is down, the next sweep sends it.
    transaction.on_commit(lambda: _queue(reminder_send, reminder.pk))


def _queue(task, reminder_id: int) -> None:
    try:
        task.delay(reminder_id)
    except Exception as error:
        logger.warning("reminder %s not queued (%s): the sweep sends it", reminder_id, error)


class NotTheHolder(PermissionError):
    """The case is held by another volunteer, or by nobody: take it first."""


def deadline_dismiss(*, case: Case, advisor, code: str, reason: str):
    """The volunteer holding the case dismisses one of its overdue deadlines with a reason
    (cases.services.case_deadline_dismiss: an entry on the timeline). Only the holder: the
    case's overdue flag is theirs to lift."""
    help = HelpRequest.objects.get(case=case)
    if help.advisor_id != advisor.pk:
        raise NotTheHolder(case.reference)
    return case_deadline_dismiss(case=case, code=code, reason=reason, actor=advisor)
