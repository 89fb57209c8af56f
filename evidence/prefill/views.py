"""The pages of a new case filled from its order screenshot. Thin: receive, read, prefill.

Every lookup is scoped to the owner (services.order_screenshots_for_owner): another person's
screenshot, its status and its picture are a 404. No GET writes: the reading happens in a
worker, and what a page shows is computed from the row (shown.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cases.forms import TYPICAL_WANTS, CaseForm

from ..integrity import REFUSED_TYPE, RefusedFile
from ..models import OrderScreenshot
from ..responses import evidence_file_response
from ..uploads import UPLOAD_FIELD, EvidenceUploadHandler
from . import services
from .services import NOT_A_PICTURE
from .shown import READ, READING, UNREAD, prefill_initial, screenshot_shown


def _own(request, public_id) -> OrderScreenshot:
    return get_object_or_404(
        services.order_screenshots_for_owner(owner=request.user), public_id=public_id
    )


def _render_case_form(request, form: CaseForm, *, status: int = 200, **context):
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "is_new": True, "typical_wants": TYPICAL_WANTS, **context},
        status=status,
    )


@csrf_exempt
@login_required
def order_screenshot_upload(request):
    """The screenshot picked on /cases/new/, streamed through the vault's checks (the upload
    handler sniffs, limits and hashes it as it arrives); CSRF is checked by the inner view."""
    request.upload_handlers = [EvidenceUploadHandler(request)]
    return _order_screenshot_upload(request)


@csrf_protect
@require_POST
def _order_screenshot_upload(request):
    files = request.FILES.getlist(UPLOAD_FIELD)
    # Said for this control: a type the vault refuses is not a picture, whatever else it takes.
    refusals = [
        NOT_A_PICTURE if refusal.message == str(REFUSED_TYPE) else refusal.message
        for refusal in request.evidence_refusals
    ]
    try:
        if refusals:
            raise RefusedFile(refusals[0], "refused")
        if not files:
            raise RefusedFile(_("Choose the screenshot of your order first."), "none")
        screenshot = services.order_screenshot_receive(owner=request.user, received=files[0])
    except RefusedFile as refused:
        return _render_case_form(
            request, CaseForm(), status=400, screenshot_error=str(refused.message)
        )
    finally:
        for received in files:
            received.close()
    return redirect("evidence:order_screenshot", screenshot.public_id)


def _mark_read(form: CaseForm, initial: dict) -> None:
    """Beside each field filled from the screenshot, in words (not only a colour): read from
    the screenshot, please check. Fields left empty carry no mark."""
    for name in initial:
        field = form.fields[name]
        mark = format_html(
            '<span class="read-mark">{}</span>', _("Read from the screenshot, please check")
        )
        field.help_text = format_html("{} {}", mark, field.help_text) if field.help_text else mark


@login_required
@require_http_methods(["GET", "POST"])
def order_screenshot_page(request, public_id):
    """While the screenshot is read, a page that shows progress; then the case form, filled
    with what was read (or empty, with a message, when nothing could be); its submit opens
    the case with the screenshot as evidence 1."""
    screenshot = _own(request, public_id)
    shown = screenshot_shown(screenshot)
    if shown == READING and request.method == "GET" and "manual" not in request.GET:
        return render(
            request,
            "evidence/order_screenshot_reading.html",
            {"screenshot": screenshot, "refresh_seconds": 3},
        )
    initial = prefill_initial(screenshot.facts) if shown == READ else {}
    form = CaseForm(request.POST or None, initial=initial)
    _mark_read(form, initial)  # before validation, which fixes each field's help text
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create_from_screenshot(
                owner=request.user, screenshot=screenshot, **form.cleaned_data
            )
        except OrderScreenshot.DoesNotExist:  # opened already by another tap
            raise Http404 from None
        messages.success(
            request,
            _("Case %(reference)s is open. Your order screenshot is its evidence 1.")
            % {"reference": case.reference},
        )
        return redirect(case)
    return _render_case_form(
        request,
        form,
        status=400 if request.method == "POST" else 200,
        screenshot=screenshot,
        screenshot_unread=shown == UNREAD,
        read_count=len(initial),
    )


@login_required
@require_safe
def order_screenshot_status(request, public_id):
    """What the reading page polls (static/js/app.js): reading, read or unread, and where to
    go once it is no longer reading."""
    screenshot = _own(request, public_id)
    shown = screenshot_shown(screenshot)
    return JsonResponse(
        {
            "state": shown,
            "label": str(screenshot.get_state_display()),
            "next": reverse("evidence:order_screenshot", args=[screenshot.public_id]),
        }
    )


@login_required
@require_safe
def order_screenshot_image(request, public_id):
    """The picture itself, for its owner to check the form against."""
    screenshot = _own(request, public_id)
    return evidence_file_response(
        screenshot,
        str(screenshot.file.name),
        content_type=screenshot.content_type,
        attachment=False,
    )
