"""Reads of evidence, always scoped to the consumer who owns the case."""

from collections import Counter

from django.db.models import QuerySet

from cases.excuses import Seen, excuses_in_lines
from cases.models import Case

from .checklist import Checklist, checklist_for
from .models import CustodyEntry, Evidence, EvidenceKind, Transcript, TranscriptState


def evidence_for_owner(*, owner) -> QuerySet[Evidence]:
    """Evidence on the consumer's own cases that has not been removed."""
    return Evidence.objects.filter(case__owner=owner, removed_at__isnull=True).select_related(
        "case"
    )


def evidence_for_case(*, case: Case) -> list[Evidence]:
    return list(case.evidence.filter(removed_at__isnull=True).order_by("number"))


def evidence_fingerprints(*, case: Case) -> dict[str, str]:
    """Number → SHA-256 of the case's kept evidence, as a dossier records what it included
    (two columns, not the rows: the files section compares them on every view)."""
    kept = case.evidence.filter(removed_at__isnull=True).values_list("number", "sha256")
    return {str(number): sha256 for number, sha256 in kept}


def case_checklist(*, case: Case, evidence: list[Evidence]) -> Checklist:
    return checklist_for(problem=case.problem, counts_by_kind=Counter(e.kind for e in evidence))


def custody_log(*, evidence: Evidence) -> QuerySet[CustodyEntry]:
    return evidence.custody.select_related("actor").order_by("-at", "-id")


def transcript_excuses(*, case: Case) -> list[Seen]:
    """The merchant's refusals in the text read from the case's kept images, by evidence
    number (one query). In a chat log only the other side's bubbles count (cases.excuses);
    in any other image, every line, since what it shows is the shop's or platform's page."""
    rows = (
        Transcript.objects.filter(
            evidence__case=case,
            evidence__removed_at__isnull=True,
            state=TranscriptState.DONE,
        )
        .exclude(text="")
        .order_by("evidence__number")
        .values_list("evidence__number", "evidence__kind", "lines", "width")
    )
    seen: list[Seen] = []
    for number, kind, lines, width in rows:
        found, side_known = excuses_in_lines(lines or [], width, chat=kind == EvidenceKind.CHAT_LOG)
        seen.extend(
            Seen(item.excuse, item.quote, evidence_number=number, side_known=side_known)
            for item in found
        )
    return seen
