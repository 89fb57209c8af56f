"""A shared case's overdue deadlines, and the holder's way to dismiss one with a reason.

Linked from the queue's "overdue by…" cell and the dashboard's overdue list. A GET only
reads; a dismissal is a POST that writes an entry on the case's timeline
(cases.services.case_deadline_dismiss), so the consumer sees who dismissed what and why.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors import case_overdue
from cases.services import NotOverdueError

from .. import services
from ..forms import DismissDeadlineForm
from ..selectors import help_request_of, holder_of


class OverdueMixin:
    """The case admin's page of a case's overdue deadlines."""

    def get_urls(self):
        return [
            path(
                "<int:case_id>/overdue/",
                self.admin_site.admin_view(self.overdue_view),
                name="advisors_case_overdue",
            ),
            *super().get_urls(),
        ]

    def overdue_view(self, request, case_id):
        case = self.shared_case(request, case_id)
        help = help_request_of(case=case)
        holds = help is not None and getattr(holder_of(help), "pk", None) == request.user.pk
        failed: DismissDeadlineForm | None = None
        if request.method == "POST":
            form = DismissDeadlineForm(request.POST)
            if not holds:
                messages.error(request, _("Take the case first: only its volunteer can do this."))
            elif form.is_valid():
                try:
                    services.deadline_dismiss(
                        case=case,
                        advisor=request.user,
                        code=form.cleaned_data["code"],
                        reason=form.cleaned_data["reason"],
                    )
                except NotOverdueError:
                    messages.error(request, _("That deadline is no longer overdue."))
                except services.NotHolder as refused:
                    messages.error(request, refused.message)
                else:
                    messages.success(request, _("Dismissed. The reason is on the case's timeline."))
                return HttpResponseRedirect(request.path)
            else:
                failed = form
        today = timezone.localdate()
        late = case_overdue(case=case, today=today)
        rows = [
            {
                "deadline": item,
                "form": failed
                if failed is not None and failed.data.get("code") == item.code
                else DismissDeadlineForm(initial={"code": item.code}, auto_id=f"id_%s_{n}"),
            }
            for n, item in enumerate(late)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Overdue deadlines of %(reference)s") % {"reference": case.reference},
            "case": case,
            "rows": rows,
            "holds": holds,
            "workspace_url": reverse("admin:cases_case_change", args=[case.pk]),
        }
        return TemplateResponse(
            request, "admin/advisors/case_overdue.html", context, status=400 if failed else 200
        )
