"""The case page's evidence panel: the cases app shows it without importing evidence."""

import json
import uuid

from django import template
from django.templatetags.static import static
from django.urls import reverse

from ..dossier_pipeline import evidence_changed_since
from ..forms import EvidenceDetailsForm
from ..integrity import ACCEPTED
from ..jobs import dossier_shown
from ..kinds import accept_for, rules_for_browser
from ..models import DossierState, DossierVariant, EvidenceKind, TranscriptState
from ..reading.search import excerpt
from ..reading.shown import TranscriptShown, transcript_of
from ..reading.shown import transcript_shown as _transcript_shown
from ..renditions import thumbnail_state as _thumbnail_state
from ..selectors import (
    case_checklist,
    evidence_fingerprints,
    evidence_for_case,
    transcript_excuses,
)
from ..views import ICONS

register = template.Library()

# The id the evidence URLs are reversed with once per panel (`evidence_panel`).
URL_STAND_IN = uuid.UUID(int=0)
ACCEPT_ATTRIBUTE = "image/*,video/*,audio/*,application/pdf,.heic,.heif,.amr,.m4a"


@register.inclusion_tag("evidence/include/panel.html", takes_context=True)
def evidence_panel(context, case):
    """The checklist, each item not yet done with its own upload button (the kind preset),
    the files, and the general upload whose kinds are guessed (kinds.py) unless chosen."""
    evidence = evidence_for_case(case=case)
    # Each URL pattern reversed once, with a stand-in id that each tile's own id replaces:
    # two `reverse()` per tile cost about 1 ms on a case with 20 files.
    page_url = reverse("evidence:detail", args=[URL_STAND_IN])
    thumbnail_url = reverse("evidence:thumbnail", args=[URL_STAND_IN])
    # Each kind's name translated once, not a get_kind_display() per tile.
    kind_labels = {value: str(label) for value, label in EvidenceKind.choices}
    for item in evidence:
        public_id = str(item.public_id)
        item.page_url = page_url.replace(str(URL_STAND_IN), public_id)
        item.thumbnail_url = thumbnail_url.replace(str(URL_STAND_IN), public_id)
        item.kind_label = kind_labels.get(item.kind, item.kind)
        transcript = transcript_of(item)  # fetched with the evidence: no query per tile
        done = transcript is not None and transcript.state == TranscriptState.DONE
        item.excerpt = excerpt(transcript.text) if done else ""
    # The merchant's refusals read in each file's text, shown after the file: one query, and
    # none while no file has any text read from it.
    excuses: dict[int, list] = {}
    if any(item.excerpt for item in evidence):
        for seen in transcript_excuses(case=case):
            excuses.setdefault(seen.evidence_number, []).append(seen)
    for item in evidence:
        item.excuses = excuses.get(item.number, [])
    checklist = case_checklist(case=case, evidence=evidence)
    form = context.get("evidence_form") or EvidenceDetailsForm()
    # A failed per-item upload (no file chosen) shows its error beside that item's button.
    failed_item = form.data.get("item") if form.is_bound and form.errors else None
    return {
        "case": case,
        "evidence": evidence,
        "checklist": checklist,
        "rows": [(item, accept_for(item.kind) or ACCEPT_ATTRIBUTE) for item in checklist.items],
        "failed_item": failed_item,
        "guess_rules": json.dumps({**rules_for_browser(), "missing": checklist.lacking}),
        "form": form,
        "accept": ACCEPT_ATTRIBUTE,
        "accepted_extensions": sorted({file_type.extension for file_type in ACCEPTED.values()}),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.filter
def evidence_icon(evidence) -> str:
    return static(ICONS[evidence.category])


@register.filter
def thumbnail_state(evidence) -> str:
    """ready, pending (the placeholder shows) or none (the kind's icon shows)."""
    return str(_thumbnail_state(evidence))


@register.filter
def transcript_shown(evidence) -> TranscriptShown | None:
    """The text read in a picture as pages show it (the advisors' workspace)."""
    return _transcript_shown(evidence)


@register.filter
def filesize(size: int) -> str:
    """Sizes as people read them: 820 KB, 3.4 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@register.filter
def evidence_kind_label(code: str) -> str:
    """The name of an evidence kind the ladder names by its code."""
    try:
        return str(EvidenceKind(code).label)
    except ValueError:
        return code


@register.inclusion_tag("evidence/include/dossiers.html", takes_context=True)
def dossier_panel(context, case):
    dossiers = list(case.dossiers.all()[:10])
    for dossier in dossiers:
        dossier.shown = dossier_shown(dossier)
    last_ready = next((d for d in dossiers if d.state == DossierState.READY), None)
    return {
        "case": case,
        "dossiers": dossiers,
        "variants": DossierVariant.choices,
        # The evidence is read only when there is a case file to compare it with.
        "changed": last_ready is not None
        and evidence_changed_since(
            dossier=last_ready, fingerprints=evidence_fingerprints(case=case)
        ),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("evidence/include/quick_upload.html", takes_context=True)
def evidence_quick_upload(context, case):
    """The first rung's primary action: one button that opens the gallery and uploads what
    was picked, each file's kind guessed from the file (and editable afterwards)."""
    evidence = evidence_for_case(case=case)
    checklist = case_checklist(case=case, evidence=evidence)
    return {
        "case": case,
        "missing": [item for item in checklist.items if not item.done and not item.optional],
        "accept": ACCEPT_ATTRIBUTE,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("evidence/include/order_screenshot_start.html", takes_context=True)
def order_screenshot_start(context):
    """/cases/new/ begins here: the order screenshot, read to fill the form (prefill/). A
    refused file's reason is shown beside the control, which stays usable."""
    return {
        "csrf_token": context.get("csrf_token"),
        "error": context.get("screenshot_error", ""),
    }
