"""Reads of evidence, always scoped to the consumer who owns the case."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import User
from cases.excuses import Seen, excuses_in_lines
from cases.models import Case

from .checklist import Checklist, checklist_for
from .models import (
    CustodyEntry,
    Evidence,
    EvidenceKind,
    RedactedCopy,
    Transcript,
    TranscriptState,
)
from .reading.search import Part, marked, matching_lines
from .reading.shown import transcript_of

SEARCH_LIMIT = 50


def evidence_for_owner(*, owner) -> QuerySet[Evidence]:
    """Evidence on the consumer's own cases that has not been removed."""
    return Evidence.objects.filter(case__owner=owner, removed_at__isnull=True).select_related(
        "case"
    )


def evidence_for_case(*, case: Case) -> list[Evidence]:
    """The case's kept evidence with each one's transcript (one join, for the tiles' excerpt
    and the advisors' workspace; the boxes of the lines and the photos' metadata, which no
    tile shows, are left in the database)."""
    return list(
        case.evidence.filter(removed_at__isnull=True)
        .select_related("transcript")
        .defer("exif", "transcript__lines")
        .order_by("number")
    )


@dataclass(frozen=True)
class EvidenceHit:
    """One evidence a search found: where, and the lines (or description) that matched."""

    evidence: Evidence
    lines: list[list[Part]]
    described: list[Part] | None
    named: list[Part] | None


def evidence_search(
    *, owner: User, words: list[str], case: Case | None = None, limit: int = SEARCH_LIMIT
) -> list[EvidenceHit]:
    """The consumer's own evidence whose transcript, description or file name holds every
    word (reading/search.py says what a word is), newest case first: one query.

    Scoped by owner through `evidence_for_owner`, so another consumer's evidence is never a
    result. `icontains` over one person's evidence is a few hundred rows at most, read through
    the evidence's case index: no text index is needed for it."""
    if not words:
        return []
    found = evidence_for_owner(owner=owner).select_related("transcript").defer("transcript__lines")
    if case is not None:
        found = found.filter(case=case)
    for word in words:
        found = found.filter(
            Q(transcript__state=TranscriptState.DONE, transcript__text__icontains=word)
            | Q(description__icontains=word)
            | Q(original_name__icontains=word)
        )
    hits = []
    for item in found.order_by("-case__created_at", "case_id", "number")[:limit]:
        transcript = transcript_of(item)
        text = transcript.text if transcript and transcript.state == TranscriptState.DONE else ""
        described = marked(item.description, words) if item.description else None
        named = marked(item.original_name, words)
        hits.append(
            EvidenceHit(
                evidence=item,
                lines=matching_lines(text, words),
                described=described if described and any(p.hit for p in described) else None,
                named=named if any(p.hit for p in named) else None,
            )
        )
    return hits


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


def redacted_copies_for_owner(*, owner) -> QuerySet[RedactedCopy]:
    """The redacted copies of the consumer's own evidence still on its case (owner only:
    advisors work from the originals)."""
    return RedactedCopy.objects.filter(
        evidence__case__owner=owner, evidence__removed_at__isnull=True
    ).select_related("evidence", "evidence__case")
