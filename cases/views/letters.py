"""The letter pages: a draft made from the case, edited, saved as versions, copied.

Every lookup goes through `cases_for_owner`, so another person's case is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.contact import contact_details

from ..letters import LETTERS, Letter, edited_fields, generated, letter_for
from ..letters.complaint_12315 import FIELDS
from ..letters.drafts import PER_FIELD_KINDS, letter_draft_restore, letter_draft_save
from ..letters.forms import letter_form
from ..selectors import case_timeline, cases_for_owner


def _own_case_letter(request, reference: str, kind: str):
    case = get_object_or_404(cases_for_owner(owner=request.user), reference=reference)
    if kind not in LETTERS:
        raise Http404
    return case


def _letter(request, case, kind: str) -> Letter:
    return letter_for(
        kind,
        case=case,
        events=list(case_timeline(case=case)),
        contact=contact_details(request.user),
    )


def _render(request, case, letter: Letter, form, *, status: int = 200):
    contact = contact_details(request.user)
    boxes = []
    if letter.kind.code in PER_FIELD_KINDS:
        boxes = [(spec, form[spec.code]) for spec in FIELDS]
    return render(
        request,
        "cases/case_letter.html",
        {
            "case": case,
            "letter": letter.kind,
            "text": letter.text,
            "saved": letter.saved,
            "form": form,
            "boxes": boxes,
            "contact": contact,
            "letters": LETTERS,
        },
        status=status,
    )


@login_required
@require_GET
def case_letter(request, reference, kind):
    """An editable, copyable draft: the consumer's saved version, else made from the case."""
    case = _own_case_letter(request, reference, kind)
    letter = _letter(request, case, kind)
    if request.GET.get("format") == "text":
        # What a copy button elsewhere (the case page's 12315 card) puts on the clipboard:
        # the same text this page's copy-all copies, fetched only when it is pressed.
        response = HttpResponse(letter.text, content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        return response
    initial = letter.fields if kind in PER_FIELD_KINDS else {"text": letter.text}
    return _render(request, case, letter, letter_form(kind, initial=initial))


@login_required
@require_POST
def letter_save(request, reference, kind):
    """Keep the edited letter as a new version; a bad field is shown with what was typed."""
    case = _own_case_letter(request, reference, kind)
    form = letter_form(kind, request.POST)
    if not form.is_valid():
        return _render(request, case, _letter(request, case, kind), form, status=400)
    if kind in PER_FIELD_KINDS:
        made = generated(
            kind,
            case=case,
            events=list(case_timeline(case=case)),
            contact=contact_details(request.user),
        )
        letter_draft_save(
            case=case,
            kind=kind,
            actor=request.user,
            fields=edited_fields(made, form.cleaned_data),
        )
    else:
        letter_draft_save(case=case, kind=kind, actor=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Your version of the letter was saved."))
    return redirect(reverse("cases:letter", args=[case.reference, kind]))


@login_required
@require_POST
def letter_restore(request, reference, kind):
    """Back to the letter made from the case; the edited versions stay in the history."""
    case = _own_case_letter(request, reference, kind)
    letter_draft_restore(case=case, kind=kind, actor=request.user)
    messages.success(request, _("Back to the letter made from your case."))
    return redirect(reverse("cases:letter", args=[case.reference, kind]))
