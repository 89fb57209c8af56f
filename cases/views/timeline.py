"""The timeline: log a contact (and, in the same tap, move up the ladder), edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import next_action, services
from ..forms import EventForm, When
from ..models import SYSTEM_EVENT_KINDS, CaseEvent, Stage
from .page import entry_kind, event_form_context, own_case, render_case_detail


def _own_event(case, event_id: int) -> CaseEvent:
    return get_object_or_404(
        case.events.exclude(kind__in=SYSTEM_EVENT_KINDS), pk=event_id, hidden_at__isnull=True
    )


@login_required
@require_POST
def event_create(request, reference):
    case = own_case(request, reference)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it to add to the timeline."))
        return redirect("cases:timeline", case.reference)
    form = EventForm(request.POST, kind=entry_kind(case, request.POST.get("kind")))
    if not form.is_valid():
        messages.error(request, _("The entry was not added. Please check the fields marked below."))
        return render_case_detail(request, case, status=400, event_form=form)
    move_to = (
        next_action.move_after(form.kind, case.stage)
        if request.POST.get("then") == "move"
        else None
    )
    services.case_log_entry(
        case=case,
        kind=form.cleaned_data["kind"],
        happened_at=form.cleaned_data["happened_at"],
        time_known=form.cleaned_data["time_known"],
        actor=request.user,
        summary=form.cleaned_data["summary"],
        move_to=move_to,
        **form.facts(),
    )
    if move_to:
        messages.success(
            request,
            _("Added to the timeline. The case is now at: %(stage)s.")
            % {"stage": Stage(move_to).label},
        )
        return redirect(case)
    messages.success(request, _("Added to the timeline."))
    return redirect("cases:timeline", case.reference)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, reference, event_id):
    case = own_case(request, reference)
    event = _own_event(case, event_id)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it to change the timeline."))
        return redirect("cases:timeline", case.reference)
    initial = {
        "kind": event.kind,
        "when": When.PICK,
        "happened_at": timezone.localtime(event.happened_at),
        "summary": event.summary,
        **event.data,
    }
    form = EventForm(request.POST or None, initial=initial, kind=event.kind, fixed_kind=True)
    if request.method == "POST" and form.is_valid():
        services.case_event_edit(
            event=event,
            actor=request.user,
            happened_at=form.cleaned_data["happened_at"],
            time_known=form.cleaned_data["time_known"],
            summary=form.cleaned_data["summary"],
            **form.facts(),
        )
        messages.success(request, _("The entry was changed. The earlier text is kept."))
        return redirect(f"{case.get_absolute_url()}timeline/#event-{event.pk}")
    return render(
        request,
        "cases/event_form.html",
        {"case": case, "event": event, **event_form_context(case, form)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request, reference, event_id):
    case = own_case(request, reference)
    event = _own_event(case, event_id)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it to change the timeline."))
        return redirect("cases:timeline", case.reference)
    if request.method == "POST":
        services.case_event_hide(event=event, actor=request.user)
        messages.success(request, _("The entry was removed from your timeline."))
        return redirect("cases:timeline", case.reference)
    return render(
        request,
        "cases/event_confirm_delete.html",
        {"case": case, "event": event, "entries": [event]},
    )
