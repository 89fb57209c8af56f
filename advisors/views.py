"""The consumer's side: ask a volunteer for help (with consent), or withdraw it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.selectors import cases_for_owner
from cases.views import render_case_detail

from . import services
from .forms import HelpRequestForm


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
