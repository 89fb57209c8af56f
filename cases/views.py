"""Consumer pages for cases. Thin: validate a form, call one service, redirect.

Every lookup goes through `cases_for_owner`, so another person's case is a 404 by
construction and never confirms that it exists.
"""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from platforms.models import Platform

from . import ladder, reminders, services
from .forms import CaseForm, CloseForm, EventForm, ReminderForm, StageForm
from .models import STAGE_ORDER, SYSTEM_EVENT_KINDS, CaseEvent, Problem, Stage
from .overview import case_overview
from .selectors import cases_for_owner, ladder_channels


def _own_case(request, reference: str):
    return get_object_or_404(cases_for_owner(owner=request.user), reference=reference)


def _own_event(case, event_id: int) -> CaseEvent:
    return get_object_or_404(
        case.events.exclude(kind__in=SYSTEM_EVENT_KINDS), pk=event_id, hidden_at__isnull=True
    )


@login_required
def case_list(request):
    status = request.GET.get("status", "open")
    if status not in {"open", "closed", "all"}:
        status = "open"
    cases = cases_for_owner(owner=request.user, status=status)
    return render(request, "cases/case_list.html", {"cases": cases, "status": status})


def case_form_initial(query) -> dict:
    """What a link may fill in for a new case (?platform=douyin&problem=counterfeit), as the
    guides' "start" button does; anything unknown is ignored."""
    initial = {}
    platform = Platform.objects.filter(slug=query.get("platform", "")).first()
    if platform is not None:
        initial["platform"] = platform
    if query.get("problem") in Problem.values:
        initial["problem"] = query["problem"]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    form = CaseForm(request.POST or None, initial=case_form_initial(request.GET))
    if request.method == "POST" and form.is_valid():
        case = services.case_create(owner=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Case %(reference)s is open. Log every contact with the merchant here.")
            % {"reference": case.reference},
        )
        return redirect(case)
    return render(request, "cases/case_form.html", {"form": form, "is_new": True})


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, reference):
    case = _own_case(request, reference)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        services.case_update(case=case, **form.cleaned_data)
        messages.success(request, _("The case details were saved."))
        return redirect(case)
    return render(request, "cases/case_form.html", {"form": form, "case": case, "is_new": False})


def case_detail_context(
    request,
    case,
    *,
    event_form=None,
    stage_form=None,
    close_form=None,
    reminder_form=None,
    evidence_form=None,
    help_form=None,
):
    overview = case_overview(case=case)
    return {
        **overview.as_context(),
        "overview": overview,
        "reminder_form": reminder_form or ReminderForm(),
        # Read by the evidence app's panel tag; None lets it make a fresh form.
        "evidence_form": evidence_form,
        "help_form": help_form,  # read by the advisors app's panel tag
        "event_form": event_form
        or EventForm(
            initial={"happened_at": timezone.localtime().replace(second=0, microsecond=0)}
        ),
        "stage_form": stage_form or StageForm(initial={"stage": case.stage}),
        "close_form": close_form or CloseForm(case=case),
    }


def render_case_detail(request, case, *, status: int = 200, **forms):
    """The case page, with any form that failed validation shown with its errors."""
    return render(
        request,
        "cases/case_detail.html",
        case_detail_context(request, case, **forms),
        status=status,
    )


@login_required
def case_detail(request, reference):
    return render_case_detail(request, _own_case(request, reference))


@login_required
@require_POST
def event_create(request, reference):
    case = _own_case(request, reference)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it to add to the timeline."))
        return redirect(case)
    form = EventForm(request.POST)
    if form.is_valid():
        services.case_add_event(
            case=case,
            kind=form.cleaned_data["kind"],
            happened_at=form.cleaned_data["happened_at"],
            actor=request.user,
            summary=form.cleaned_data["summary"],
            **form.facts(),
        )
        messages.success(request, _("Added to the timeline."))
        return redirect(f"{case.get_absolute_url()}#timeline")
    messages.error(request, _("The entry was not added. Please check the fields marked below."))
    return render_case_detail(request, case, status=400, event_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, reference, event_id):
    case = _own_case(request, reference)
    event = _own_event(case, event_id)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it to change the timeline."))
        return redirect(case)
    initial = {
        "kind": event.kind,
        "happened_at": timezone.localtime(event.happened_at),
        "summary": event.summary,
        **event.data,
    }
    form = EventForm(request.POST or None, initial=initial, fixed_kind=event.kind)
    if request.method == "POST" and form.is_valid():
        services.case_event_edit(
            event=event,
            actor=request.user,
            happened_at=form.cleaned_data["happened_at"],
            summary=form.cleaned_data["summary"],
            **form.facts(),
        )
        messages.success(request, _("The entry was changed. The earlier text is kept."))
        return redirect(f"{case.get_absolute_url()}#event-{event.pk}")
    return render(request, "cases/event_form.html", {"case": case, "event": event, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request, reference, event_id):
    case = _own_case(request, reference)
    event = _own_event(case, event_id)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it to change the timeline."))
        return redirect(case)
    if request.method == "POST":
        services.case_event_hide(event=event, actor=request.user)
        messages.success(request, _("The entry was removed from your timeline."))
        return redirect(f"{case.get_absolute_url()}#timeline")
    return render(request, "cases/event_confirm_delete.html", {"case": case, "event": event})


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
def case_guidance(request, reference, stage):
    """One rung of the ladder for this case: its steps with channels, evidence and law."""
    case = _own_case(request, reference)
    if stage not in STAGE_ORDER:
        raise Http404
    channels = ladder_channels(case=case)
    return render(
        request,
        "cases/case_guidance.html",
        {
            "case": case,
            "stage": stage,
            "stage_label": Stage(stage).label,
            "stages": [(value, Stage(value).label) for value in STAGE_ORDER],
            "guidance": ladder.guidance_for(case, channels, stage=stage),
        },
    )


def _own_reminder(case, reminder_id):
    return get_object_or_404(case.reminders, pk=reminder_id)


@login_required
@require_POST
def reminder_create(request, reference):
    case = _own_case(request, reference)
    form = ReminderForm(request.POST)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it first."))
        return redirect(case)
    if not form.is_valid():
        return render_case_detail(request, case, status=400, reminder_form=form)
    reminders.reminder_add(
        case=case,
        due_at=form.cleaned_data["due_at"],
        message=form.cleaned_data["message"],
        actor=request.user,
    )
    messages.success(request, _("Reminder set."))
    return redirect(f"{case.get_absolute_url()}#reminders")


@login_required
@require_POST
def reminder_snooze(request, reference, reminder_id):
    case = _own_case(request, reference)
    reminder = _own_reminder(case, reminder_id)
    tomorrow = timezone.localdate() + timedelta(days=1)
    reminders.reminder_snooze(
        reminder=reminder,
        until=timezone.make_aware(datetime.combine(tomorrow, reminders.REMIND_AT)),
    )
    messages.success(request, _("Snoozed until tomorrow morning."))
    return redirect(f"{case.get_absolute_url()}#reminders")


@login_required
@require_POST
def reminder_done(request, reference, reminder_id):
    case = _own_case(request, reference)
    reminders.reminder_done(reminder=_own_reminder(case, reminder_id))
    messages.success(request, _("Marked as done: it will not be sent."))
    return redirect(f"{case.get_absolute_url()}#reminders")
