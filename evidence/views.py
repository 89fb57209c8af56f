"""Evidence pages and file responses. Every lookup is scoped to the owner: others get 404.

No GET makes a file: thumbnails and previews are made by the task queued after upload, and
until they exist the pages show a placeholder (renditions.thumbnail_state).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from cases.selectors import cases_for_owner
from cases.views import render_case_detail

from . import dossier_pipeline, vault
from .forms import EvidenceDetailsForm, EvidenceEditForm
from .integrity import BROWSER_DISPLAYABLE, RefusedFile
from .jobs import dossier_shown
from .models import Dossier, DossierState, DossierVariant, Evidence
from .reading.search import search_words
from .reading.shown import transcript_shown
from .renditions import browser_preview_ready, thumbnail_ready, thumbnail_state
from .responses import dossier_file_response, evidence_file_response
from .selectors import custody_log, evidence_for_owner
from .uploads import EvidenceUploadHandler

ICONS = {
    "video": "img/evidence-video.svg",
    "audio": "img/evidence-audio.svg",
    "document": "img/evidence-document.svg",
    "image": "img/evidence-image.svg",
}


def _own_evidence(request, public_id) -> Evidence:
    return get_object_or_404(evidence_for_owner(owner=request.user), public_id=public_id)


@csrf_exempt
@login_required
def evidence_upload(request, reference):
    """Receive a batch of files. The streaming handler is installed before the body is read,
    so CSRF is checked afterwards by the inner view (Django's documented pattern)."""
    request.upload_handlers = [EvidenceUploadHandler(request)]
    return _evidence_upload(request, reference)


@csrf_protect
@require_POST
def _evidence_upload(request, reference):
    case = get_object_or_404(cases_for_owner(owner=request.user), reference=reference)
    anchor = reverse("cases:evidence", args=[case.reference])
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it to add evidence."))
        return redirect(anchor)
    batch = EvidenceDetailsForm(request.POST)
    files = request.FILES.getlist("files")
    refusals = [(refusal.name, refusal.message) for refusal in request.evidence_refusals]
    if not batch.is_valid() or not (files or refusals):
        if not (files or refusals):
            batch.add_error(None, _("Choose at least one file to upload."))
        return render_case_detail(request, case, status=400, evidence_form=batch)
    saved = []
    for received in files:
        details = EvidenceDetailsForm(request.POST, prefix=f"f{received.index}")
        if f"f{received.index}-kind" not in request.POST:
            details = batch
        try:
            if not details.is_valid():
                errors = "; ".join(str(e) for field in details.errors.values() for e in field)
                raise RefusedFile(errors, "details")
            saved.append(
                vault.evidence_add(
                    case=case,
                    received=received,
                    actor=request.user,
                    **details.cleaned_data,
                )
            )
        except RefusedFile as refused:
            refusals.append((received.name, str(refused.message)))
        finally:
            received.close()
    if saved:
        messages.success(
            request,
            _("%(count)s file(s) saved with their fingerprint (SHA-256).") % {"count": len(saved)},
        )
    for evidence in saved:
        if evidence.has_gps:
            messages.warning(
                request,
                _(
                    "Evidence %(number)s (%(name)s) contains the GPS position where it was "
                    "taken, which can reveal where you live. Think before sharing the original."
                )
                % {"number": evidence.number, "name": evidence.original_name},
            )
    for name, message in refusals:
        messages.error(
            request, _("Not saved: %(name)s — %(reason)s") % {"name": name, "reason": message}
        )
    return redirect(anchor)


def _render_detail(request, evidence: Evidence, *, edit_form=None, status: int = 200):
    return render(
        request,
        "evidence/evidence_detail.html",
        {
            "evidence": evidence,
            "case": evidence.case,
            "custody": custody_log(evidence=evidence),
            "has_preview": browser_preview_ready(evidence),
            "thumbnail": thumbnail_state(evidence),
            # ?q= from a search result marks the lines it found
            "transcript": transcript_shown(evidence, words=search_words(request.GET.get("q", ""))),
            "edit_form": edit_form
            or EvidenceEditForm(
                initial={"kind": evidence.kind, "description": evidence.description}
            ),
        },
        status=status,
    )


@login_required
def evidence_detail(request, public_id):
    evidence = get_object_or_404(  # the transcript in the same query
        evidence_for_owner(owner=request.user).select_related("transcript"), public_id=public_id
    )
    vault.evidence_mark_viewed(evidence=evidence, actor=request.user)
    return _render_detail(request, evidence)


@login_required
@require_POST
def evidence_edit(request, public_id):
    """Correct the kind (a wrong guess) or the description of a file already in the vault."""
    evidence = _own_evidence(request, public_id)
    if evidence.case.is_closed:
        messages.error(request, _("This case is closed. Reopen it to change its evidence."))
        return redirect(evidence)
    form = EvidenceEditForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, evidence, edit_form=form, status=400)
    vault.evidence_change_details(evidence=evidence, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Evidence %(number)s was updated.") % {"number": evidence.number})
    return redirect(evidence)


@login_required
def evidence_download(request, public_id):
    evidence = _own_evidence(request, public_id)
    vault.evidence_mark_downloaded(evidence=evidence, actor=request.user)
    return evidence_file_response(
        evidence, evidence.file.name, content_type=evidence.content_type, attachment=True
    )


@login_required
def evidence_thumbnail(request, public_id):
    evidence = _own_evidence(request, public_id)
    if not thumbnail_ready(evidence):  # not made yet, or never will be: the kind's icon
        return redirect(static(ICONS[evidence.category]))
    return evidence_file_response(
        evidence, evidence.thumbnail.name, content_type="image/jpeg", attachment=False
    )


@login_required
def evidence_preview(request, public_id):
    """A picture the browser can show: the original photo, or the JPEG made from a HEIC."""
    evidence = _own_evidence(request, public_id)
    if evidence.content_type in BROWSER_DISPLAYABLE:
        return evidence_file_response(
            evidence, evidence.file.name, content_type=evidence.content_type, attachment=False
        )
    if evidence.preview:  # made by the task after upload; until then there is none
        return evidence_file_response(
            evidence, evidence.preview.name, content_type="image/jpeg", attachment=False
        )
    raise Http404


@login_required
@require_POST
def evidence_verify(request, public_id):
    evidence = _own_evidence(request, public_id)
    if vault.evidence_verify(evidence=evidence, actor=request.user):
        messages.success(
            request,
            _("Evidence %(number)s is unchanged: its fingerprint matches.")
            % {"number": evidence.number},
        )
    else:
        messages.error(
            request,
            _(
                "Evidence %(number)s does not match its fingerprint or is missing. "
                "Keep the original on your phone and ask a volunteer for help."
            )
            % {"number": evidence.number},
        )
    return redirect(evidence)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_remove(request, public_id):
    evidence = _own_evidence(request, public_id)
    if request.method == "POST":
        vault.evidence_remove(evidence=evidence, actor=request.user)
        messages.success(
            request,
            _("Evidence %(number)s was removed from the case. Its fingerprint stays in the record.")
            % {"number": evidence.number},
        )
        return redirect("cases:evidence", evidence.case.reference)
    return render(
        request,
        "evidence/evidence_confirm_remove.html",
        {"evidence": evidence, "case": evidence.case},
    )


# --- dossiers ------------------------------------------------------------------------------


def _own_dossier(request, public_id) -> Dossier:
    return get_object_or_404(
        Dossier.objects.filter(case__owner=request.user).select_related("case"),
        public_id=public_id,
    )


@login_required
@require_POST
def dossier_create(request, reference):
    case = get_object_or_404(cases_for_owner(owner=request.user), reference=reference)
    variant = request.POST.get("variant", DossierVariant.FULL)
    if variant not in DossierVariant.values:
        variant = DossierVariant.FULL
    dossier_pipeline.dossier_request(case=case, variant=variant, actor=request.user)
    messages.info(request, _("The case file is being made. It takes a few seconds."))
    return redirect("cases:files", case.reference)


@login_required
def dossier_status(request, public_id):
    """What the case page polls while a dossier is being made (jobs.dossier_shown: never
    "being made" once the worker stopped renewing its lease)."""
    dossier = _own_dossier(request, public_id)
    shown = dossier_shown(dossier)
    return JsonResponse(
        {
            "state": shown.state,
            "label": shown.label,
            "progress": shown.progress,
            "spinner": shown.spinner,
            "error": shown.error,
            "download": reverse("evidence:dossier_download", args=[dossier.public_id])
            if dossier.state == DossierState.READY
            else "",
            "download_label": _("Download"),
            "retry": reverse("evidence:dossier_retry", args=[dossier.public_id])
            if dossier.state == DossierState.FAILED
            else "",
            "retry_label": _("Retry"),
        }
    )


@login_required
@require_POST
def dossier_retry(request, public_id):
    """The 重试 button of a failed dossier."""
    dossier = _own_dossier(request, public_id)
    if dossier_pipeline.dossier_retry(dossier=dossier):
        messages.info(request, _("The case file is being made. It takes a few seconds."))
    return redirect("cases:files", dossier.case.reference)


@login_required
def dossier_download(request, public_id):
    dossier = _own_dossier(request, public_id)
    if dossier.state != DossierState.READY:
        raise Http404
    return dossier_file_response(dossier)
