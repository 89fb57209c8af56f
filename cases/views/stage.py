"""Moving a case on the ladder (and undoing a move made by mistake), closing, reopening."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import CloseForm, StageForm
from ..models import EventKind
from .page import own_case as _own_case
from .page import render_case_detail


@login_required
@require_POST
def case_move_stage(request, reference):
    case = _own_case(request, reference)
    form = StageForm(request.POST)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it first."))
        return redirect(case)
    if not form.is_valid():
        return render_case_detail(request, case, status=400, stage_form=form)
    if services.case_move_stage(
        case=case,
        stage=form.cleaned_data["stage"],
        actor=request.user,
        note=form.cleaned_data["note"],
    ):
        messages.success(
            request, _("Stage changed to %(stage)s.") % {"stage": case.get_stage_display()}
        )
    return redirect(case)


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request, reference):
    case = _own_case(request, reference)
    if case.is_closed:
        messages.info(request, _("This case is already closed."))
        return redirect(case)
    form = CloseForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        services.case_close(
            case=case,
            outcome=form.cleaned_data["outcome"],
            closed_on=form.cleaned_data["closed_on"],
            actor=request.user,
            summary=form.cleaned_data["summary"],
        )
        messages.success(request, _("The case is closed. We hope it ended well."))
        return redirect(case)
    return render(request, "cases/case_close.html", {"case": case, "form": form})


@login_required
@require_POST
def case_reopen(request, reference):
    case = _own_case(request, reference)
    if case.is_closed:
        services.case_reopen(case=case, actor=request.user)
        messages.success(request, _("The case is open again."))
    return redirect(case)


@login_required
@require_POST
def case_undo_stage(request, reference, event_id):
    """One tap undoes the newest stage change; it is recorded as a change of its own."""
    case = _own_case(request, reference)
    event = get_object_or_404(case.events, pk=event_id, kind=EventKind.STAGE_CHANGE)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it first."))
    elif services.case_undo_stage_change(case=case, event=event, actor=request.user):
        messages.success(
            request,
            _("Undone: the case is back at %(stage)s.") % {"stage": case.get_stage_display()},
        )
    else:
        messages.info(request, _("That change can no longer be undone: it is not the latest."))
    return redirect(case)
