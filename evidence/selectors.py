"""Reads of evidence, always scoped to the consumer who owns the case."""

from collections import Counter

from django.db.models import QuerySet

from cases.models import Case

from .checklist import Checklist, checklist_for
from .models import CustodyEntry, Evidence, RedactedCopy


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


def redacted_copies_for_owner(*, owner) -> QuerySet[RedactedCopy]:
    """The redacted copies of the consumer's own evidence still on its case (owner only:
    advisors work from the originals)."""
    return RedactedCopy.objects.filter(
        evidence__case__owner=owner, evidence__removed_at__isnull=True
    ).select_related("evidence", "evidence__case")
