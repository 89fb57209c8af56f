"""A shared case's workspace: the case admin's change page, read-only for advisors.

Timeline, evidence thumbnails, next steps and deadlines, internal notes and advice replies;
taking and releasing the case. Every view of the page is written to the access log.
"""

from collections import Counter

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
from ..forms import NoteForm
from ..models import AccessAction
from ..selectors import help_request_of
from .replies import RepliesMixin


class WorkspaceMixin(RepliesMixin):
    """The case admin's change view, replaced by the workspace (its advice and follow-up
    forms are `RepliesMixin`'s)."""

    change_form_template = "admin/advisors/case_workspace.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.shared_case(request, unquote(object_id))
        note_form, shown = NoteForm(prefix="note"), {}
        if request.method == "POST" and self.is_replies_post(request):
            outcome = self.replies_post(request, case)
            if isinstance(outcome, HttpResponseRedirect):
                return outcome
            shown = outcome
        elif request.method == "POST":
            if "note-body" in request.POST:
                note_form = NoteForm(request.POST, prefix="note")
                if self._write(request, note_form, "advisors.add_advisornote"):
                    services.note_add(
                        case=case, author=request.user, body=note_form.cleaned_data["body"]
                    )
                    self.message_user(request, _("Note saved. Only advisors see it."))
                    return HttpResponseRedirect(request.path + "#notes")
            elif "take" in request.POST:
                self.take_cases(request, Case.objects.filter(pk=case.pk))
                return HttpResponseRedirect(request.path)
            elif "release" in request.POST:
                self.release_cases(request, Case.objects.filter(pk=case.pk))
                return HttpResponseRedirect(request.path)
        else:
            services.access_record(actor=request.user, case=case, action=AccessAction.VIEWED_CASE)
        return TemplateResponse(
            request,
            self.change_form_template,
            self._workspace_context(request, case, note_form, shown),
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
        return {
            **self.admin_site.each_context(request),
            **overview.as_context(),
            "opts": self.model._meta,
            "title": f"{case.reference} · {case.product}",
            "case": case,
            "help": help_request_of(case=case),
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
