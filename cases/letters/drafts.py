"""Saved versions of the letters a consumer edited: a service writes, a selector reads."""

from django.db import transaction
from django.db.models import Max, QuerySet

from accounts.models import User

from ..models import Case, LetterDraft
from .complaint_12315 import FIELD_CODES

# Far above any real letter or 12315 field, low enough that a pasted chat export is refused.
MAX_FIELD_CHARS = 5000
MAX_TEXT_CHARS = 10000
PER_FIELD_KINDS = frozenset({"12315"})


class DraftRejected(ValueError):
    """What a save was asked to keep is not a letter of that kind (the form says why)."""


def letter_draft_latest(*, case: Case, kind: str) -> LetterDraft | None:
    """The newest saved version of the case's letter, None when never saved (or when the
    case is not stored, as for the dossier warm-up)."""
    if case.pk is None:
        return None
    return LetterDraft.objects.filter(case=case, kind=kind).order_by("-version").first()


def letter_draft_history(*, case: Case, kind: str) -> QuerySet[LetterDraft]:
    return LetterDraft.objects.filter(case=case, kind=kind).order_by("-version")


def _next_version(case: Case, kind: str) -> int:
    # The case row is locked first, so two saves at once get two numbers, not one.
    Case.objects.select_for_update().filter(pk=case.pk).exists()
    latest = LetterDraft.objects.filter(case=case, kind=kind).aggregate(Max("version"))
    return (latest["version__max"] or 0) + 1


def letter_draft_save(
    *,
    case: Case,
    kind: str,
    actor: User | None,
    text: str = "",
    fields: dict[str, str] | None = None,
) -> LetterDraft:
    """Keep an edited letter as its next version: the 12315 complaint field by field
    (`fields`), every other letter as one `text`. Earlier versions stay as they were."""
    if kind in PER_FIELD_KINDS:
        fields = {code: str(value) for code, value in (fields or {}).items()}
        unknown = sorted(set(fields) - set(FIELD_CODES))
        if unknown:
            raise DraftRejected(f"unknown fields for {kind}: {unknown}")
        if any(len(value) > MAX_FIELD_CHARS for value in fields.values()):
            raise DraftRejected(f"a field is longer than {MAX_FIELD_CHARS} characters")
        text = ""
    else:
        if fields:
            raise DraftRejected(f"{kind} is saved as one text")
        if len(text) > MAX_TEXT_CHARS:
            raise DraftRejected(f"the letter is longer than {MAX_TEXT_CHARS} characters")
        fields = {}
    with transaction.atomic():
        return LetterDraft.objects.create(
            case=case,
            kind=kind,
            version=_next_version(case, kind),
            text=text,
            fields=fields,
            actor=actor,
        )


def letter_draft_restore(*, case: Case, kind: str, actor: User | None) -> LetterDraft:
    """Go back to the letter as weiquan writes it from the case (恢复为自动生成的版本): a new
    version marked `generated`, so the edited ones stay in the history and the export."""
    with transaction.atomic():
        return LetterDraft.objects.create(
            case=case,
            kind=kind,
            version=_next_version(case, kind),
            generated=True,
            actor=actor,
        )
