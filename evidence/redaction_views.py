"""打码分享: the pages that make and hand out redacted copies (evidence/redacted.py).

Owner only, like every evidence page: another consumer, and an advisor too, gets a 404.
Advisors work from the originals; a copy is for the consumer to post or send themselves.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import redacted
from .responses import evidence_file_response
from .selectors import evidence_for_owner, redacted_copies_for_owner


@login_required
@require_http_methods(["GET", "POST"])
def evidence_redact(request, public_id):
    """The picture with the proposed boxes; the POST makes the copy there and then
    (redacted.py says why no queue is needed)."""
    evidence = get_object_or_404(evidence_for_owner(owner=request.user), public_id=public_id)
    if not redacted.redactable(evidence):
        raise Http404
    proposal = redacted.redaction_proposal(evidence)
    if request.method == "GET":
        chosen = {c.id for c in proposal.covers if c.on_by_default}
        return _render(request, evidence, proposal, chosen=chosen)
    chosen = set(request.POST.getlist("cover"))
    order_numbers = request.POST.get("orders") == "1"
    extra = request.POST.get("extra", "")
    try:
        copy = redacted.redacted_copy_make(
            evidence=evidence,
            chosen=sorted(chosen),
            order_numbers=order_numbers,
            manual=redacted.parse_manual_boxes(extra),
            actor=request.user,
        )
    except redacted.RedactionRefused as refused:
        return _render(
            request,
            evidence,
            proposal,
            chosen=chosen,
            order_numbers=order_numbers,
            extra=extra,
            error=refused.message,
            status=400,
        )
    messages.success(request, _("The covered copy is ready. Download it and share that one."))
    return redirect(reverse("evidence:redact", args=[evidence.public_id]) + f"#copy-{copy.pk}")


def _percent(value: int, whole: int | None) -> str:
    return f"{100 * value / whole:.3f}" if whole else "0"


def _render(
    request, evidence, proposal, *, chosen, order_numbers=False, extra="", error="", status=200
):
    width, height = proposal.width, proposal.height
    covers = [
        {
            "id": cover.id,
            "kind": str(cover.kind),
            "label": redacted.KIND_LABELS[cover.kind],
            "on": cover.id in chosen or (order_numbers and cover.kind == "order_number"),
            "box": cover.box,
            "width_px": cover.box[2] - cover.box[0],
            "height_px": cover.box[3] - cover.box[1],
            "left": _percent(cover.box[0], width),
            "top": _percent(cover.box[1], height),
            "width": _percent(cover.box[2] - cover.box[0], width),
            "height": _percent(cover.box[3] - cover.box[1], height),
        }
        for cover in proposal.covers
    ]
    return render(
        request,
        "evidence/evidence_redact.html",
        {
            "evidence": evidence,
            "case": evidence.case,
            "proposal": proposal,
            "covers": covers,
            "has_orders": any(c["kind"] == "order_number" for c in covers),
            "order_numbers": order_numbers,
            "extra": extra,
            "error": error,
            "copies": redacted_copies_for_owner(owner=request.user).filter(evidence=evidence),
        },
        status=status,
    )


@login_required
def redacted_download(request, public_id):
    """The copy as a download: private, never stored by a cache, like the originals."""
    copy = get_object_or_404(redacted_copies_for_owner(owner=request.user), public_id=public_id)
    extension = "png" if copy.content_type == "image/png" else "jpg"
    return evidence_file_response(
        copy.evidence,
        copy.file.name,
        content_type=copy.content_type,
        attachment=True,
        filename=f"evidence-{copy.evidence.number}-redacted-{copy.created_at:%Y%m%d-%H%M}.{extension}",
    )
