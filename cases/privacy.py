"""The cases part of a person's data export and account deletion (see accounts.privacy)."""

from django.db.models import Prefetch

from accounts.models import User
from accounts.privacy import DataExport

from .events import shown_facts
from .models import Case, CaseEvent, CaseEventRevision, LetterDraft
from .selectors import cases_for_owner


def cases_export(user: User, export: DataExport) -> None:
    """Every case with its whole timeline, deleted entries and earlier versions included:
    the person's copy holds what the record holds. Who else wrote is only "not you"."""
    cases = (
        cases_for_owner(owner=user)
        .order_by("created_at", "id")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=CaseEvent.objects.order_by("happened_at", "id").prefetch_related(
                    Prefetch(
                        "revisions", queryset=CaseEventRevision.objects.order_by("replaced_at")
                    )
                ),
            ),
            "reminders",
            Prefetch("letter_drafts", queryset=LetterDraft.objects.order_by("kind", "version")),
        )
    )
    for case in cases:
        section = export.case(case.reference)
        section.update(_case(case))
        section["timeline"] = [_event(event, user) for event in case.events.all()]
        section["reminders"] = [
            {
                "kind": reminder.kind,
                "kind_label": reminder.get_kind_display(),
                "message": reminder.message,
                "due_at": reminder.due_at,
                "deadline_on": reminder.deadline_on,
                "channels": reminder.channels,
                "state": reminder.state,
                "state_label": reminder.get_state_display(),
                "sent_at": reminder.sent_at,
                "created_at": reminder.created_at,
                "set_by_you": reminder.created_by_id == user.pk,
            }
            for reminder in case.reminders.all()
        ]
        section["letter_drafts"] = [
            {
                "letter": draft.kind,
                "version": draft.version,
                "back_to_generated": draft.generated,
                "text": draft.text,
                "fields": draft.fields,
                "saved_at": draft.created_at,
                "saved_by_you": draft.actor_id == user.pk,
            }
            for draft in case.letter_drafts.all()
        ]


def cases_erase(user: User) -> None:
    """The person's cases with their timelines, reminders and saved letters (what hangs on
    a case below in other apps has been erased by their parts by now)."""
    Case.objects.filter(owner=user).delete()


def _case(case: Case) -> dict:
    """Every field of the case, fields added later included; choices with their label."""
    row = {}
    for field in Case._meta.concrete_fields:
        if field.name in {"id", "owner"}:
            continue
        if field.name == "platform":
            row["platform"] = case.platform.name
            continue
        value = getattr(case, field.attname)
        row[field.name] = value
        if field.choices:
            label = getattr(case, f"get_{field.name}_display")
            row[f"{field.name}_label"] = label() if value else ""
    row["wants_labels"] = case.get_wants_display()
    return row


def _event(event: CaseEvent, user: User) -> dict:
    return {
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "happened_at": event.happened_at,
        "recorded_at": event.recorded_at,
        "recorded_by_you": event.actor_id == user.pk,
        "summary": event.summary,
        "details": event.data,
        "details_labelled": _facts(event.kind, event.data),
        "edited_at": event.edited_at,
        "hidden": event.is_hidden,
        "hidden_at": event.hidden_at,
        "earlier_versions": [
            {
                "happened_at": revision.happened_at,
                "summary": revision.summary,
                "details": revision.data,
                "details_labelled": _facts(event.kind, revision.data),
                "replaced_at": revision.replaced_at,
            }
            for revision in event.revisions.all()
        ],
    }


def _facts(kind: str, data: dict) -> list[dict]:
    """The entry's facts as its pages print them (cases.events): key, label, shown value.
    `details` keeps the stored values for a machine to read."""
    return [
        {"key": fact.key, "label": fact.label, "value": fact.value}
        for fact in shown_facts(kind, data)
    ]
