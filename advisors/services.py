"""Help requests, holding cases, notes, advice replies and the access log.

Every advisor read of a consumer's case or file and every change goes through
`access_record`, so the consumer can see who looked and superusers can audit it. Only the
volunteer who holds a case writes on it (notes, advice, its volunteer status): another
takes it, is handed it, or steps in first, and the holder is told (advisors.notify).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.models import Case
from cases.reminders import reminder_add
from cases.services import case_deadline_dismiss

from . import notify
from .models import (
    CONSENT_VERSION,
    AccessAction,
    AccessEntry,
    AdviceReply,
    AdvisorCaseSeen,
    AdvisorNote,
    HelpRequest,
    VolunteerOutcome,
    VolunteerStatus,
)
from .selectors import holder_of, is_advisor

logger = logging.getLogger(__name__)

# One visit: an advisor's views of a case within this long of their last entry on it (a view,
# a note, a take...) are one "viewed" in the consumer's log, not one per page load.
VISIT = timedelta(minutes=30)
# What a volunteer may set the status to by hand (the others follow from taking the case).
SETTABLE_STATUSES = (
    VolunteerStatus.WAITING_ON_CONSUMER,
    VolunteerStatus.ADVISED,
    VolunteerStatus.ENDED,
)


class NotHolder(Exception):
    """A write on a case that another volunteer holds, or nobody does: refused, with the
    reason to show beside the form."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def holder_required(*, case: Case, advisor) -> HelpRequest:
    """The case's help request, if `advisor` holds it; else NotHolder with what to do (a
    case nobody was asked to help with is held by nobody)."""
    help_request = HelpRequest.objects.select_related("advisor").filter(case=case).first()
    holder = holder_of(help_request)
    if help_request is None or holder is None:
        raise NotHolder(_("Nobody holds this case: take it first, then write."))
    if holder.pk != advisor.pk:
        raise NotHolder(
            _(
                "%(name)s holds this case: only the holder writes on it. Ask them to hand it "
                "to you, or step in (they will be told)."
            )
            % {"name": advisor_name(holder)}
        )
    return help_request


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
    renewed = not created and (
        request.withdrawn_at is not None or request.status == VolunteerStatus.ENDED
    )
    if not created:
        request.message = message or request.message
        request.consent_version = CONSENT_VERSION
        request.consented_at = now
        request.withdrawn_at = None
        if renewed:  # asked anew: a fresh request for the pool, its history kept
            request.status = VolunteerStatus.NEEDS_VOLUNTEER
            request.outcome = ""
            request.first_advice_at = None
        request.save()
    Case.objects.filter(pk=case.pk).update(shared_with_advisors=True)
    queue_refresh(case=case)
    case.shared_with_advisors = True
    if created or renewed:
        notify.on_commit(notify.new_request, case.pk)
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


@transaction.atomic
def case_take(*, case: Case, advisor) -> bool:
    """Assign the case to this advisor; False if another advisor already holds it.

    A holder who is no longer an advisor holds nothing: their cases can be taken."""
    current = HelpRequest.objects.filter(case=case, withdrawn_at__isnull=True).first()
    if current is None or not is_advisor(advisor):
        return False
    if current.advisor_id is not None and holder_of(current) is not None:
        return False
    taken = HelpRequest.objects.filter(pk=current.pk, advisor_id=current.advisor_id).update(
        advisor=advisor, assigned_at=timezone.now()
    )
    queue_refresh(case=case)
    if taken:
        HelpRequest.objects.filter(pk=current.pk, status=VolunteerStatus.NEEDS_VOLUNTEER).update(
            status=VolunteerStatus.TAKEN
        )
        access_record(actor=advisor, case=case, action=AccessAction.TOOK_CASE)
    return bool(taken)


@transaction.atomic
def case_release(*, case: Case, advisor, note: str) -> bool:
    """Give the case back to the queue with a handover note for the next volunteer (an
    advisor releases their own; a superuser any). The volunteer status stays as it was."""
    if not note.strip():
        raise ValueError("a handover note is required")
    held = HelpRequest.objects.filter(case=case, advisor__isnull=False)
    if not advisor.is_superuser:
        held = held.filter(advisor=advisor)
    released = held.update(
        advisor=None,
        assigned_at=None,
        handover_by=advisor,
        handover_at=timezone.now(),
        handover_note=note.strip(),
    )
    queue_refresh(case=case)
    if released:
        access_record(actor=advisor, case=case, action=AccessAction.RELEASED_CASE)
    return bool(released)


@transaction.atomic
def case_hand_to(*, case: Case, advisor, to, note: str) -> bool:
    """The holder (or a superuser) hands the case to another volunteer, who is told."""
    if not note.strip():
        raise ValueError("a handover note is required")
    if not is_advisor(to) or to.pk == advisor.pk:
        return False
    held = HelpRequest.objects.filter(case=case, withdrawn_at__isnull=True, advisor__isnull=False)
    if not advisor.is_superuser:
        held = held.filter(advisor=advisor)
    handed = held.update(
        advisor=to,
        assigned_at=timezone.now(),
        handover_by=advisor,
        handover_at=timezone.now(),
        handover_note=note.strip(),
    )
    if not handed:
        return False
    access_record(
        actor=advisor, case=case, action=AccessAction.HANDED_OVER, target=advisor_name(to)
    )
    notify.advisor_notify(
        user=to,
        title=_("%(name)s handed case %(reference)s to you")
        % {"name": advisor_name(advisor), "reference": case.reference},
        body=Truncator(note.strip()).chars(200),
        url=notify.workspace_url(case),
    )
    return True


@transaction.atomic
def case_step_in(*, case: Case, advisor) -> bool:
    """Another volunteer takes over a held case after confirming "I'm stepping in"; the
    holder is told, and the consumer's log records it."""
    current = (
        HelpRequest.objects.select_related("advisor")
        .filter(case=case, withdrawn_at__isnull=True, advisor__isnull=False)
        .first()
    )
    if current is None or current.advisor_id == advisor.pk or not is_advisor(advisor):
        return False
    previous = current.advisor
    moved = HelpRequest.objects.filter(pk=current.pk, advisor=previous).update(
        advisor=advisor, assigned_at=timezone.now()
    )
    if not moved or previous is None:
        return False
    access_record(actor=advisor, case=case, action=AccessAction.STEPPED_IN)
    notify.advisor_notify(
        user=previous,
        title=_("%(name)s stepped in on case %(reference)s")
        % {"name": advisor_name(advisor), "reference": case.reference},
        body=_("The case is theirs now; ask them if you want it back."),
        url=notify.workspace_url(case),
    )
    return True


@transaction.atomic
def case_set_status(
    *, case: Case, advisor, status: VolunteerStatus | str, outcome: VolunteerOutcome | str = ""
) -> HelpRequest:
    """The holder records where their help stands: waiting on the consumer, advised, or
    ended (with its outcome, which only an ended case has)."""
    help_request = holder_required(case=case, advisor=advisor)
    if status not in SETTABLE_STATUSES:
        raise ValueError(f"not a status a volunteer sets: {status}")
    if status == VolunteerStatus.ENDED and outcome not in VolunteerOutcome.values:
        raise ValueError("an ended case needs its outcome")
    help_request.status = status
    help_request.outcome = outcome if status == VolunteerStatus.ENDED else ""
    help_request.save(update_fields=["status", "outcome"])
    with translation.override(settings.LANGUAGE_CODE):  # the log reads the same for everyone
        label = str(VolunteerStatus(status).label)
        if help_request.outcome:
            label = f"{label}: {VolunteerOutcome(outcome).label}"
    access_record(actor=advisor, case=case, action=AccessAction.SET_STATUS, target=label)
    return help_request


def case_viewed(*, advisor, case: Case, now: datetime | None = None) -> datetime | None:
    """An advisor opened the workspace: the audit record and their "last opened", together.

    The access log gets one "viewed" per visit: none if this advisor wrote any entry on the
    case within VISIT (their last view, or the form they posted that led back here).
    Returns when they had last opened it before (None the first time)."""
    now = now or timezone.now()
    recent = AccessEntry.objects.filter(case=case, actor=advisor, at__gte=now - VISIT).exists()
    if not recent:
        access_record(actor=advisor, case=case, action=AccessAction.VIEWED_CASE)
    seen = AdvisorCaseSeen.objects.filter(advisor=advisor, case=case).first()
    if seen is None:
        AdvisorCaseSeen.objects.create(advisor=advisor, case=case, seen_at=now)
        return None
    AdvisorCaseSeen.objects.filter(pk=seen.pk).update(seen_at=now)
    return seen.seen_at


@transaction.atomic
def note_add(*, case: Case, author, body: str) -> AdvisorNote:
    """An internal note, by the case's holder only (NotHolder otherwise)."""
    holder_required(case=case, advisor=author)
    note = AdvisorNote.objects.create(case=case, author=author, body=body)
    access_record(actor=author, case=case, action=AccessAction.WROTE_NOTE)
    return note


@transaction.atomic
def reply_send(*, case: Case, author, body: str) -> AdviceReply:
    """Advice to the consumer: on their case page, and they are told by their own channels
    (in-app and email, after their quiet hours) through a reminder sent right away.

    By the case's holder only (NotHolder otherwise); the first one sets the case's first
    response time."""
    holder_required(case=case, advisor=author)
    reply = AdviceReply.objects.create(
        case=case, author=author, author_name=advisor_name(author), body=body
    )
    HelpRequest.objects.filter(case=case, first_advice_at__isnull=True).update(
        first_advice_at=reply.created_at
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


@transaction.atomic
def deadline_dismiss(*, case: Case, advisor, code: str, reason: str):
    """The volunteer holding the case dismisses one of its overdue deadlines with a reason
    (cases.services.case_deadline_dismiss: an entry on the timeline). Only the holder: the
    case's overdue flag is theirs to lift (NotHolder otherwise)."""
    holder_required(case=case, advisor=advisor)
    return case_deadline_dismiss(case=case, code=code, reason=reason, actor=advisor)


@transaction.atomic
def preferences_save(*, form) -> None:
    """A volunteer's notification settings, as their validated form holds them."""
    form.save()
