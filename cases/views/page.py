"""The case page, in short sections a thumb can reach: what to do now, the evidence, the
timeline, the case files and the rest. Each section is its own URL (tabs that work without
JavaScript) and reads only what it shows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from platforms.models import Platform

from .. import excuses, letters, next_action, services
from ..forms import TYPICAL_WANTS, CaseForm, EventForm, ReminderForm, StageForm
from ..models import LOGGABLE_EVENT_KINDS, STAGE_ORDER, EventKind, Problem, Stage
from ..overview import case_dates_overview, case_steps_overview
from ..selectors import case_timeline, case_with_counts, cases_for_owner

# How many entries the contacts section shows before "show the earlier ones".
TIMELINE_SHOWN = 10
SECTIONS = ("next", "evidence", "timeline", "files", "more")
SECTION_TEMPLATES = {
    "next": "cases/case_detail.html",
    "evidence": "cases/case_evidence.html",
    "timeline": "cases/case_timeline.html",
    "files": "cases/case_files.html",
    "more": "cases/case_more.html",
}
# Which section shows a form that failed validation.
FORM_SECTIONS = {
    "evidence_form": "evidence",
    "event_form": "timeline",
    "stage_form": "next",
    "reminder_form": "more",
    "help_form": "more",
}


def own_case(request, reference: str):
    """The consumer's own case with the tabs' counts (a 404 for anyone else's)."""
    return get_object_or_404(case_with_counts(owner=request.user), reference=reference)


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
            _("Case %(reference)s is open. Start with the evidence.")
            % {"reference": case.reference},
        )
        return redirect(case)
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "is_new": True, "typical_wants": TYPICAL_WANTS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, reference):
    case = get_object_or_404(cases_for_owner(owner=request.user), reference=reference)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        services.case_update(case=case, **form.cleaned_data)
        messages.success(request, _("The case details were saved."))
        return redirect("cases:more", case.reference)
    return render(request, "cases/case_form.html", {"form": form, "case": case, "is_new": False})


def entry_kind(case, requested: str | None) -> str:
    """The kind the contact form opens on: the one asked for (a chip's ?kind=), else the one
    the case's rung is waiting for."""
    if requested in LOGGABLE_EVENT_KINDS:
        return str(requested)
    return next_action.expected_entry(case.stage)


def event_form_context(case, form: EventForm) -> dict:
    """The contact form with its kind chips and the one-tap move its kind offers."""
    move_to = next_action.move_after(form.kind, case.stage)
    return {
        "event_form": form,
        # The form's kind as a plain value: in a template `event_form.kind` is the field.
        "entry_kind": form.kind,
        "kind_chips": [(kind, EventKind(kind).label) for kind in next_action.chips(form.kind)],
        "move_to": move_to,
        "move_to_label": Stage(move_to).label if move_to else "",
    }


def _next_context(request, case, stage_form=None) -> dict:
    overview = case_steps_overview(case=case)
    rung = next_action.next_rung(case.stage)
    step = overview.guidance.steps[0] if overview.guidance.steps else None
    return {
        **overview.as_context(),
        "step": step,
        "other_steps": overview.guidance.steps[1:],
        "stage_index": STAGE_ORDER.index(case.stage) + 1,
        "stage_total": len(STAGE_ORDER),
        "next_rung": rung,
        "next_rung_label": Stage(rung).label if rung else "",
        "expected_kind": next_action.expected_entry(case.stage),
        "expected_kind_label": EventKind(next_action.expected_entry(case.stage)).label,
        "undo_event_id": next_action.last_stage_change(
            (event.kind, event.pk) for event in overview.timeline
        ),
        "stage_form": stage_form or StageForm(initial={"stage": case.stage}),
    }


def section_context(request, case, section: str, **forms) -> dict:
    context: dict = {"case": case, "section": section}
    if section == "next":
        context |= _next_context(request, case, forms.get("stage_form"))
    elif section == "evidence":
        # Read by the evidence app's panel tag; None lets it make a fresh form.
        context["evidence_form"] = forms.get("evidence_form")
    elif section == "timeline":
        form = forms.get("event_form") or EventForm(kind=entry_kind(case, request.GET.get("kind")))
        context |= event_form_context(case, form)
        # The newest entries first; a long timeline is one tap away, not ten screens down.
        entries = case_timeline(case=case)
        if request.GET.get("all") != "1":
            entries = entries[:TIMELINE_SHOWN]
        context["timeline"] = list(entries)
        for event in context["timeline"]:
            # The merchant's refusals in its own words, each answered beside the entry.
            event.excuses = excuses.seen_in_entries([event])
        context["timeline_more"] = max(0, case.entry_count - len(context["timeline"]))
        context["hidden_count"] = case.events.filter(hidden_at__isnull=False).count()
    elif section == "more":
        overview = case_dates_overview(case=case)
        context |= {
            **overview.as_context(),
            "reminder_form": forms.get("reminder_form") or ReminderForm(),
            "help_form": forms.get("help_form"),  # read by the advisors app's panel tag
            # An answer to a volunteer's advice that failed validation (the same tag).
            "answer_form": forms.get("answer_form"),
            "answer_reply_id": forms.get("answer_reply_id"),
        }
    elif section == "files":
        context["letters"] = letters.LETTERS
    return context


def render_case_detail(request, case, *, status: int = 200, section: str | None = None, **forms):
    """A section of the case page; a form that failed validation is shown, with its errors,
    in the section it belongs to."""
    if section is None:
        section = next((FORM_SECTIONS[name] for name in forms if forms[name]), "next")
    if not hasattr(case, "evidence_count"):
        case = own_case(request, case.reference)
    return render(
        request,
        SECTION_TEMPLATES[section],
        section_context(request, case, section, **forms),
        status=status,
    )


@login_required
@require_safe
def case_section(request, reference, section: str = "next"):
    """One section of the case page; the URLconf names which (`SECTIONS`)."""
    return render_case_detail(request, own_case(request, reference), section=section)
