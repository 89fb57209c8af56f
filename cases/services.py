"""Everything that writes a case or its timeline. Views call these; nothing else writes."""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import Platform

from . import events
from .dependents import case_dependents_refresh
from .models import (
    STAGE_ORDER,
    SYSTEM_EVENT_KINDS,
    Case,
    CaseEvent,
    CaseEventRevision,
    EventKind,
    Outcome,
    Problem,
    ReferenceCounter,
    Stage,
)
from .news import case_news
from .references import format_reference
from .reminders import reminders_sync
from .selectors import case_overdue

# The note of a stage change that undoes the one before it.
UNDO_NOTE = _("Undone: the stage had been changed by mistake.")


class CaseClosedError(Exception):
    """Raised when something tries to change the timeline of a closed case."""


class NotOverdueError(ValueError):
    """Raised when a dismissal names a deadline that is not overdue (any more)."""


def case_next_reference(*, year: int) -> str:
    """Hand out the next human reference for a year, e.g. WQ-2026-000123.

    A counter row per year, incremented with an UPDATE inside the caller's transaction,
    so two sign-ups at once never share a number and a deleted case's number is never reused.
    """
    ReferenceCounter.objects.get_or_create(year=year)
    ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.get(year=year).last_number
    return format_reference(year, number)


@transaction.atomic
def case_create(
    *,
    owner,
    platform: Platform,
    shop_name: str,
    product: str,
    amount_paid: Decimal,
    purchase_date: date,
    problem: Problem | str,
    order_number: str = "",
    received_date: date | None = None,
    wants: list[str] | None = None,
    description: str = "",
) -> Case:
    now = timezone.now()
    case = Case.objects.create(
        reference=case_next_reference(year=timezone.localdate(now).year),
        owner=owner,
        platform=platform,
        shop_name=shop_name,
        order_number=order_number,
        product=product,
        amount_paid=amount_paid,
        purchase_date=purchase_date,
        received_date=received_date,
        problem=problem,
        wants=list(wants or []),
        description=description,
        stage=Stage.EVIDENCE,
        last_activity_at=now,
    )
    reminders_sync(case=case)
    return case


@transaction.atomic
def case_update(*, case: Case, **fields) -> Case:
    """Correct the facts of a case (shop, order, amount...). The timeline is not touched."""
    editable = {
        "platform",
        "shop_name",
        "order_number",
        "product",
        "amount_paid",
        "purchase_date",
        "received_date",
        "problem",
        "wants",
        "description",
    }
    unknown = set(fields) - editable
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(case, name, value)
    case.last_activity_at = timezone.now()
    # Only these fields: the summaries other apps keep on the case (shared with advisors,
    # evidence completeness, next deadline) are theirs to write.
    case.save(update_fields=[*fields, "last_activity_at", "updated_at"])
    case_dependents_refresh(case=case, fields=fields)  # e.g. evidence completeness
    reminders_sync(case=case)
    return case


def _touch(case: Case) -> None:
    case.last_activity_at = timezone.now()
    Case.objects.filter(pk=case.pk).update(last_activity_at=case.last_activity_at)


@transaction.atomic
def case_add_event(
    *,
    case: Case,
    kind: EventKind | str,
    happened_at: datetime,
    actor,
    summary: str = "",
    time_known: bool = True,
    **facts,
) -> CaseEvent:
    """Add one entry to the timeline, keeping only the facts its kind carries."""
    if case.is_closed and kind not in (EventKind.OUTCOME, EventKind.REOPENED):
        raise CaseClosedError(case.reference)
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        happened_at=happened_at,
        time_known=time_known,
        actor=actor,
        summary=summary,
        data=events.facts_to_store(kind, facts),
    )
    _touch(case)
    reminders_sync(case=case)
    case_news(case=case, what=str(kind), actor=actor)
    return event


@transaction.atomic
def case_event_edit(
    *,
    event: CaseEvent,
    actor,
    happened_at: datetime,
    summary: str,
    time_known: bool = True,
    **facts,
) -> CaseEvent:
    """Change an entry while keeping what it said before, so the record stays honest."""
    if event.kind in SYSTEM_EVENT_KINDS:
        raise ValueError("Stage changes and outcomes are written by the system.")
    new_data = events.facts_to_store(event.kind, facts)
    if (event.happened_at, event.time_known, event.summary, event.data) == (
        happened_at,
        time_known,
        summary,
        new_data,
    ):
        return event
    CaseEventRevision.objects.create(
        event=event,
        happened_at=event.happened_at,
        summary=event.summary,
        data=event.data,
        replaced_by=actor,
    )
    event.happened_at = happened_at
    event.time_known = time_known
    event.summary = summary
    event.data = new_data
    event.edited_at = timezone.now()
    event.save()
    _touch(event.case)
    reminders_sync(case=event.case)
    return event


@transaction.atomic
def case_event_hide(*, event: CaseEvent, actor) -> CaseEvent:
    """Delete an entry from the consumer's view; the row stays for the record."""
    if event.kind in SYSTEM_EVENT_KINDS:
        raise ValueError("Stage changes and outcomes cannot be deleted.")
    if event.hidden_at is None:
        event.hidden_at = timezone.now()
        event.hidden_by = actor
        event.save(update_fields=["hidden_at", "hidden_by"])
        _touch(event.case)
        reminders_sync(case=event.case)
    return event


@transaction.atomic
def case_move_stage(
    *, case: Case, stage: Stage | str, actor, note: str = "", happened_at: datetime | None = None
) -> CaseEvent | None:
    """Move the case to another rung of the ladder and record the move on the timeline."""
    if case.is_closed:
        raise CaseClosedError(case.reference)
    if stage == case.stage:
        return None
    previous = case.stage
    case.stage = stage
    case.save(update_fields=["stage", "updated_at"])
    return case_add_event(
        case=case,
        kind=EventKind.STAGE_CHANGE,
        happened_at=happened_at or timezone.now(),
        actor=actor,
        summary=note,
        from_stage=str(previous),
        to_stage=str(stage),
    )


@transaction.atomic
def case_log_entry(
    *,
    case: Case,
    kind: EventKind | str,
    happened_at: datetime,
    actor,
    summary: str,
    time_known: bool = True,
    move_to: Stage | str | None = None,
    **facts,
) -> CaseEvent:
    """Log a contact and, when the consumer asked for it in the same tap, move the case to
    the rung that entry leads to (`next_action.move_after`); both or neither are saved."""
    event = case_add_event(
        case=case,
        kind=kind,
        happened_at=happened_at,
        actor=actor,
        summary=summary,
        time_known=time_known,
        **facts,
    )
    if move_to is not None:
        case_move_stage(case=case, stage=move_to, actor=actor)
    return event


@transaction.atomic
def case_undo_stage_change(*, case: Case, event: CaseEvent, actor) -> CaseEvent | None:
    """Undo a stage change made by mistake: move back to where it came from, recorded as a
    change of its own so the timeline still shows both. Only the newest change of a case
    that still stands on its rung can be undone; anything else returns None."""
    if event.kind != EventKind.STAGE_CHANGE or event.case_id != case.pk:
        return None
    if case.events.filter(kind=EventKind.STAGE_CHANGE, pk__gt=event.pk).exists():
        return None  # a later change stands, even if it came back to this change's rung
    back_to = event.data.get("from_stage")
    if case.stage != event.data.get("to_stage") or back_to not in STAGE_ORDER:
        return None
    return case_move_stage(case=case, stage=back_to, actor=actor, note=str(UNDO_NOTE))


@transaction.atomic
def case_close(
    *, case: Case, outcome: Outcome | str, closed_on: date, actor, summary: str = ""
) -> CaseEvent:
    """Close the case with how it ended; the outcome is the last entry on the timeline."""
    if case.is_closed:
        raise CaseClosedError(case.reference)
    case.outcome = outcome
    case.closed_on = closed_on
    case.save(update_fields=["outcome", "closed_on", "updated_at"])
    return case_add_event(
        case=case,
        kind=EventKind.OUTCOME,
        happened_at=timezone.now(),
        actor=actor,
        summary=summary,
        outcome=str(outcome),
    )


@transaction.atomic
def case_reopen(*, case: Case, actor, note: str = "") -> CaseEvent:
    """Open a closed case again (the merchant did not pay after all), keeping its history."""
    if not case.is_closed:
        raise ValueError("The case is open.")
    previous_outcome = case.outcome
    case.outcome = ""
    case.closed_on = None
    case.save(update_fields=["outcome", "closed_on", "updated_at"])
    return case_add_event(
        case=case,
        kind=EventKind.REOPENED,
        happened_at=timezone.now(),
        actor=actor,
        summary=note,
        previous_outcome=previous_outcome,
    )


@transaction.atomic
def case_deadline_dismiss(*, case: Case, code: str, reason: str, actor) -> CaseEvent:
    """A volunteer says an overdue deadline needs nothing more, and why: the only way an
    overdue deadline leaves the list without an entry answering it (cases.overdue). The
    dismissal is an entry of its own, so the timeline shows who dismissed what and why."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A dismissal needs a reason.")
    late = {item.code: item for item in case_overdue(case=case)}
    if code not in late:
        raise NotOverdueError(code)
    return case_add_event(
        case=case,
        kind=EventKind.DEADLINE_DISMISSED,
        happened_at=timezone.now(),
        actor=actor,
        summary=reason,
        deadline_code=code,
        deadline_name=late[code].title,
        deadline_due=late[code].due,
    )
