"""Other apps' admins, re-registered so they hold only what consumers shared.

Every list that shows a consumer's data is limited to cases whose owner asked for help (and
did not withdraw), for superusers too. The access log is for superusers alone.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.admin import CaseEventAdmin, ReminderAdmin
from cases.models import CaseEvent, Reminder
from core.admin import RecordAdmin
from evidence.admin import CustodyEntryAdmin, EvidenceAdmin, TranscriptAdmin
from evidence.models import CustodyEntry, Evidence, Transcript

from ..models import AccessEntry, HelpRequest
from ..selectors import cases_for_advisors, is_advisor


class SharedCasesOnly:
    """Limit a model admin to rows of cases whose owner asked for help."""

    case_path = "case"

    def get_queryset(self, request):
        shared = cases_for_advisors().values("pk")
        return super().get_queryset(request).filter(**{f"{self.case_path}__in": shared})


class RemindersFromTheWorkspace:
    """Advisors set reminders from a case's workspace ("remind the consumer on… / now"),
    where the case is known to be shared: the admin's add page sends them there instead of
    answering 403. Superusers keep the form, its case limited to shared cases."""

    def add_view(self, request, form_url="", extra_context=None):
        if request.user.is_superuser or not is_advisor(request.user):
            return super().add_view(request, form_url, extra_context)
        messages.info(
            request, _("Set a reminder from the case's page: open the case, then “Follow up”.")
        )
        case_id = request.GET.get("case", "")
        if case_id.isdigit() and cases_for_advisors().filter(pk=case_id).exists():
            target = reverse("admin:cases_case_change", args=[case_id]) + "#followups"
        else:
            target = reverse("admin:cases_case_changelist")
        return HttpResponseRedirect(target)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case":
            kwargs["queryset"] = cases_for_advisors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# (model, the owning app's admin, the path from a row to its case)
SHARED = [
    (CaseEvent, CaseEventAdmin, "case"),
    (Reminder, type("ReminderAdmin", (RemindersFromTheWorkspace, ReminderAdmin), {}), "case"),
    (Evidence, EvidenceAdmin, "case"),
    (CustodyEntry, CustodyEntryAdmin, "evidence__case"),
    (Transcript, TranscriptAdmin, "evidence__case"),
]

for model, model_admin, case_path in SHARED:
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(
            f"Shared{model_admin.__name__}",
            (SharedCasesOnly, model_admin),
            {"case_path": case_path, "__module__": __name__},
        ),
    )


@admin.register(AccessEntry)
class AccessEntryAdmin(RecordAdmin):
    """Who looked at which case: superusers only (consumers see their own case's entries on
    the case page)."""

    list_display = ("at", "actor_name", "actor", "action", "case_reference", "target")
    list_filter = ("action",)
    search_fields = ("=case_reference", "actor_name", "actor__email")
    list_select_related = ("actor",)
    date_hierarchy = "at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser


@admin.register(HelpRequest)
class HelpRequestAdmin(SharedCasesOnly, RecordAdmin):
    list_display = ("case", "consented_at", "advisor", "assigned_at")
    list_select_related = ("case", "advisor")
    search_fields = ("=case__reference",)
