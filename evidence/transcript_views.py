"""The evidence's text as pages show it: the transcript the evidence page polls while the
picture is being read, and the owner's search of their evidence. Reads only (no GET writes):
transcripts are made by the task after upload (reading/transcripts.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from cases.selectors import cases_for_owner

from .forms import EvidenceSearchForm
from .reading.search import search_words
from .reading.shown import transcript_shown
from .selectors import evidence_for_owner, evidence_search


@login_required
def evidence_transcript(request, public_id):
    """The transcript part of the evidence page alone: what its script asks for every few
    seconds while the text is being read (a 404 for anyone but the owner)."""
    evidence = get_object_or_404(
        evidence_for_owner(owner=request.user).select_related("transcript"), public_id=public_id
    )
    return render(
        request,
        "evidence/include/transcript.html",
        {"evidence": evidence, "transcript": transcript_shown(evidence)},
    )


@login_required
def evidence_search_page(request):
    """Search the text of one's own evidence: every case, or one (`?case=REF`)."""
    case = None
    if request.GET.get("case"):
        case = get_object_or_404(cases_for_owner(owner=request.user), reference=request.GET["case"])
    form = EvidenceSearchForm(request.GET if "q" in request.GET else None)
    hits, query = [], ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        hits = evidence_search(owner=request.user, words=search_words(query), case=case)
    return render(
        request,
        "evidence/evidence_search.html",
        {"form": form, "case": case, "hits": hits, "query": query},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
