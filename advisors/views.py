"""The consumer's side: ask a volunteer for help (with consent), withdraw it, or answer a
volunteer's advice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.selectors import cases_for_owner
from cases.views import render_case_detail

from . import replies, services
from .forms import AnswerForm, HelpRequestForm
from .selectors import help_request_of


@login_required
@require_POST
def help_request(request, reference):
    case = get_object_or_404(cases_for_owner(owner=request.user), reference=reference)
    form = HelpRequestForm(request.POST)
    if not form.is_valid():
        return render_case_detail(request, case, status=400, help_form=form)
    services.help_request(case=case, message=form.cleaned_data["message"])
    messages.success(
        request, _("A volunteer will look at your case. You will be notified when they reply.")
    )
    return redirect(reverse("cases:more", args=[case.reference]) + "#help")


@login_required
@require_POST
def help_withdraw(request, reference):
    case = get_object_or_404(cases_for_owner(owner=request.user), reference=reference)
    services.help_withdraw(case=case)
    messages.success(request, _("Volunteers can no longer see this case."))
    return redirect(reverse("cases:more", args=[case.reference]) + "#help")


@login_required
@require_POST
def reply_answer(request, reference, reply_id):
    """The owner answers a volunteer's advice; the volunteer holding the case is told."""
    case = get_object_or_404(cases_for_owner(owner=request.user), reference=reference)
    reply = get_object_or_404(case.advice_replies, pk=reply_id)
    back = reverse("cases:more", args=[case.reference]) + f"#advice-{reply.pk}"
    help_request = help_request_of(case=case)
    if help_request is None or not help_request.is_active:
        messages.error(request, _("Ask for a volunteer again to answer their advice."))
        return redirect(back)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render_case_detail(
            request, case, status=400, section="more", answer_form=form, answer_reply_id=reply.pk
        )
    replies.answer_add(reply=reply, body=form.cleaned_data["body"])
    messages.success(request, _("Your answer was sent to the volunteer."))
    return redirect(back)
