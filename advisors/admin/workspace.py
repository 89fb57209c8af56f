"""A shared case's workspace: the case admin's change page, read-only for advisors.

Timeline, evidence thumbnails, next steps and deadlines, internal notes and advice replies
(their forms, previews and follow-ups are `RepliesMixin`'s);
holding the case: take, release with a handover note, hand to another volunteer, step in,
and the volunteer status. Only the holder writes notes and advice (services.NotHolder says
why not, beside the form). One view per visit is written to the access log, with the
advisor's "last opened" (services.case_viewed).
"""

from collections import Counter

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.overview import case_overview
from evidence.models import Dossier, DossierState
from evidence.selectors import case_checklist, evidence_for_case

from .. import services
from ..forms import HandToForm, NoteForm, ReleaseForm, StatusForm, StepInForm
from ..selectors import advisors_active, help_request_of, holder_of
from .replies import RepliesMixin

# The holding forms, by the prefix their fields post under and the name of their button.
HOLDING_FORMS = {
    "release": ReleaseForm,
    "hand": HandToForm,
    "step": StepInForm,
    "status": StatusForm,
}


class WorkspaceMixin(RepliesMixin):
    """The case admin's change view, replaced by the workspace."""

    change_form_template = "admin/advisors/case_workspace.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.shared_case(request, unquote(object_id))
        note_form, shown = NoteForm(prefix="note"), {}
        holding = {name: None for name in HOLDING_FORMS}
        seen_before = None
        if request.method == "POST" and self.is_replies_post(request):
            outcome = self.replies_post(request, case)
            if isinstance(outcome, HttpResponseRedirect):
                return outcome
            shown = outcome
        elif request.method == "POST":
            if "note-body" in request.POST:
                note_form = NoteForm(request.POST, prefix="note")
                if self._write(request, note_form, "advisors.add_advisornote") and self._held(
                    note_form, services.note_add, case=case, author=request.user
                ):
                    self.message_user(request, _("Note saved. Only advisors see it."))
                    return HttpResponseRedirect(request.path + "#notes")
            elif "take" in request.POST:
                self.take_cases(request, Case.objects.filter(pk=case.pk))
                return HttpResponseRedirect(request.path)
            else:
                name = next((name for name in HOLDING_FORMS if name in request.POST), None)
                if name is None:
                    return HttpResponseRedirect(request.path)
                form = self._holding_form(request, name, data=request.POST)
                if form.is_valid():
                    self._holding_save(request, case, name, form)
                    return HttpResponseRedirect(request.path + "#holding")
                holding[name] = form
        else:
            seen_before = services.case_viewed(advisor=request.user, case=case)
        for name, form in holding.items():
            holding[name] = form or self._holding_form(request, name)
        context = self._workspace_context(request, case, note_form, shown)
        context.update(holding_forms=holding, seen_before=seen_before)
        return TemplateResponse(request, self.change_form_template, context)

    @staticmethod
    def _held(form, service, **arguments) -> bool:
        """Call the note service; a case the advisor does not hold puts the reason beside the
        form instead (advice has the same refusal in RepliesMixin)."""
        try:
            service(body=form.cleaned_data["body"], **arguments)
        except services.NotHolder as refused:
            form.add_error("body", refused.message)
            return False
        return True

    @staticmethod
    def _holding_form(request, name: str, data=None):
        form_class = HOLDING_FORMS[name]
        if form_class is HandToForm:
            others = advisors_active().exclude(pk=request.user.pk)
            return HandToForm(data, prefix=name, advisors=others)
        return form_class(data, prefix=name)

    def _holding_save(self, request, case, name: str, form) -> None:
        data, advisor = form.cleaned_data, request.user
        if name == "release":
            done = services.case_release(case=case, advisor=advisor, note=data["note"])
            message = _("Released: the case is back in the queue with your note.")
        elif name == "hand":
            done = services.case_hand_to(
                case=case, advisor=advisor, to=data["to"], note=data["note"]
            )
            message = _("Handed over: they are told, with your note.")
        elif name == "step":
            done = services.case_step_in(case=case, advisor=advisor)
            message = _("You hold the case now; the previous volunteer is told.")
        else:
            try:
                services.case_set_status(
                    case=case, advisor=advisor, status=data["status"], outcome=data["outcome"]
                )
                done, message = True, _("Volunteer status saved.")
            except services.NotHolder as refused:
                done, message = False, refused.message
        if done:
            self.message_user(request, message)
        else:
            self.message_user(
                request,
                message if name == "status" else _("Nothing changed: the case has moved on."),
                level=messages.ERROR,
            )

    @staticmethod
    def _write(request, form, permission: str) -> bool:
        """Whether the posted note or reply may be saved (a valid form, and the right)."""
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return form.is_valid()

    def _workspace_context(self, request, case, note_form, shown) -> dict:
        # The same overview as the consumer's page and the dossier: timeline, steps for the
        # rung, deadlines, claims, reminders. Thumbnails are read, never made here.
        overview = case_overview(case=case)
        evidence = evidence_for_case(case=case)
        checklist = case_checklist(case=case, evidence=evidence)
        help = help_request_of(case=case)
        return {
            **self.admin_site.each_context(request),
            **overview.as_context(),
            "opts": self.model._meta,
            "title": f"{case.reference} · {case.product}",
            "case": case,
            "help": help,
            "holder": holder_of(help),
            "evidence": evidence,
            "kinds_present": Counter(item.kind for item in evidence),
            "checklist": checklist,
            "dossiers": list(
                Dossier.objects.filter(case=case, state=DossierState.READY).order_by("-created_at")[
                    :10
                ]
            ),
            "notes": list(case.advisor_notes.select_related("author")[:100]),
            "note_form": note_form,
            **self.replies_context(request, case, shown),
            "may_note": request.user.has_perm("advisors.add_advisornote"),
            "may_reply": request.user.has_perm("advisors.add_advicereply"),
        }
