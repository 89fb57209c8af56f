"""The advisors' workspace in the Django admin.

Every list and page that shows a consumer's data is limited to cases whose owner asked for
help (and did not withdraw), for superusers too. The case page is a read-only workspace:
timeline, evidence thumbnails, next steps and deadlines, internal notes and advice replies.
Every view of a case or file, download and change is written to the access log.
"""

from collections import Counter
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases import ladder
from cases.admin import CaseEventAdmin, ReminderAdmin
from cases.models import Case, CaseEvent, Reminder
from cases.selectors import (
    case_timeline,
    directory_channels,
    upcoming_then_sent,
    work_calendar,
)
from core.admin import RecordAdmin
from evidence.admin import CustodyEntryAdmin, EvidenceAdmin
from evidence.models import CustodyEntry, Dossier, DossierState, Evidence
from evidence.previews import ensure_thumbnail
from evidence.responses import dossier_file_response, evidence_file_response
from evidence.selectors import case_checklist, evidence_for_case
from evidence.services import dossier_request
from platforms.models import Platform, PlatformKind

from . import services
from .models import AccessAction, AccessEntry, HelpRequest
from .selectors import cases_for_advisors, cases_matching, help_request_of, is_advisor

# --- only what consumers shared --------------------------------------------------------


class SharedCasesOnly:
    """Limit a model admin to rows of cases whose owner asked for help."""

    case_path = "case"

    def get_queryset(self, request):
        shared = cases_for_advisors().values("pk")
        return super().get_queryset(request).filter(**{f"{self.case_path}__in": shared})


for model, model_admin, case_path in [
    (CaseEvent, CaseEventAdmin, "case"),
    (Reminder, ReminderAdmin, "case"),
    (Evidence, EvidenceAdmin, "case"),
    (CustodyEntry, CustodyEntryAdmin, "evidence__case"),
]:
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(
            f"Shared{model_admin.__name__}",
            (SharedCasesOnly, model_admin),
            {"case_path": case_path, "__module__": __name__},
        ),
    )


# --- the case list ---------------------------------------------------------------------


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue (passed, nothing logged since)")),
            ("week", _("Within 7 days")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_cases = queryset.filter(closed_on__isnull=True)
        if self.value() == "overdue":
            return open_cases.filter(next_deadline_on__lt=today)
        if self.value() == "week":
            return open_cases.filter(
                next_deadline_on__gte=today,
                next_deadline_on__lte=today + timedelta(days=7),
            )
        return queryset


class AdvisorFilter(admin.SimpleListFilter):
    title = _("advisor")
    parameter_name = "advisor"

    def lookups(self, request, model_admin):
        return [("unassigned", _("Unassigned")), ("mine", _("Mine")), ("others", _("Others'"))]

    def queryset(self, request, queryset):
        if self.value() == "unassigned":
            return queryset.filter(help_request__advisor__isnull=True)
        if self.value() == "mine":
            return queryset.filter(help_request__advisor=request.user)
        if self.value() == "others":
            return queryset.exclude(
                Q(help_request__advisor__isnull=True) | Q(help_request__advisor=request.user)
            )
        return queryset


class PlatformFilter(admin.RelatedFieldListFilter):
    """Where the case's purchase was made: the shopping platforms, not the authorities and
    courts the directory also lists (read as plain pairs, no model objects)."""

    def field_choices(self, field, request, model_admin):
        return list(
            Platform.objects.filter(kind=PlatformKind.SHOPPING)
            .order_by("sort_order", "slug")
            .values_list("pk", "name")
        )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note (only advisors see it)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Advice to the consumer (they see it and are notified)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CaseChangeList(ChangeList):
    """Loads only the columns the list shows (building full case, user and platform objects
    for 25 rows cost more than the queries), and builds its links' query strings faster."""

    def get_query_string(self, new_params=None, remove=None):
        """The admin's own query string, with each unchanged parameter URL-encoded once per
        page instead of once per link (a filtered page has some 70 links: sorting, filters,
        pages)."""
        params = dict(self.filter_params)
        for prefix in remove or ():
            for key in [key for key in params if key.startswith(prefix)]:
                del params[key]
        changed = set()
        for key, value in (new_params or {}).items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
            changed.add(key)
        if not hasattr(self, "_encoded_params"):
            self._encoded_params = {
                key: urlencode([(key, value)], doseq=True)
                for key, value in self.filter_params.items()
            }
        pieces = (
            urlencode([(key, params[key])], doseq=True)
            if key in changed
            else self._encoded_params[key]
            for key in sorted(params)
        )
        return "?" + "&".join(piece for piece in pieces if piece)

    def get_queryset(self, request, exclude_parameters=None):
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .only(
                "reference",
                "problem",
                "stage",
                "last_activity_at",
                "next_deadline_on",
                "closed_on",
                "evidence_percent",
                "platform__name",
                "help_request__advisor__display_name",
            )
        )


def quiet_for(case: Case, now) -> str:
    """Days since anything happened on the case (the list passes one `now` for every row)."""
    days = (now - case.last_activity_at).days
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def deadline_passed(case: Case, today) -> bool:
    deadline = case.next_deadline_on
    return deadline is not None and not case.is_closed and deadline < today


def deadline_label(case: Case, today) -> str:
    if case.next_deadline_on is None or case.is_closed:
        return "—"
    if deadline_passed(case, today):
        return _("%(date)s (overdue)") % {"date": case.next_deadline_on.isoformat()}
    return case.next_deadline_on.isoformat()


admin.site.unregister(Case)


@admin.register(Case)
class AdvisorCaseAdmin(admin.ModelAdmin):
    """The queue of cases whose owners asked for help, and each case's workspace."""

    list_display = (
        "reference",
        "platform_name",
        "problem",
        "stage",
        "quiet_days",
        "next_deadline",
        "advisor_name",
        "evidence_complete",
    )
    list_display_links = ("reference",)
    list_filter = (
        DeadlineFilter,
        AdvisorFilter,
        ("platform", PlatformFilter),
        "stage",
        "problem",
    )
    search_fields = ("reference",)  # shows the search box; selectors.cases_matching searches
    search_help_text = _("Reference, order number, shop name, or the consumer's phone or email.")
    list_select_related = ("platform", "help_request__advisor")
    list_per_page = 25
    show_full_result_count = False  # one count query, not two, on a filtered list
    ordering = ("-last_activity_at",)
    actions = ["take_cases", "release_cases", "request_dossiers", "send_reminders_now"]
    change_form_template = "admin/advisors/case_workspace.html"
    # The rows come from advisor_admin.case_result_list: keep its columns in step with these.
    change_list_template = "admin/advisors/case_list.html"

    def get_queryset(self, request):
        return cases_for_advisors().select_related("platform", "help_request__advisor")

    def get_search_results(self, request, queryset, search_term):
        return cases_matching(queryset, search_term), False

    def has_view_permission(self, request, obj=None):
        return is_advisor(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return is_advisor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changelist(self, request, **kwargs):
        return CaseChangeList

    def get_actions(self, request):
        # The list is read-only for advisors, but its actions are theirs.
        actions = super().get_actions(request)
        return actions if is_advisor(request.user) else {}

    # -- columns ---------------------------------------------------------------------

    def select_label(self, case) -> str:
        return _("Select this case for an action: %(reference)s") % {"reference": case.reference}

    @admin.display(description=_("platform"), ordering="platform__name")
    def platform_name(self, case):
        return case.platform.name

    @admin.display(description=_("quiet for"), ordering="last_activity_at")
    def quiet_days(self, case):
        return quiet_for(case, timezone.now())

    @admin.display(description=_("next deadline"), ordering="next_deadline_on")
    def next_deadline(self, case):
        return deadline_label(case, timezone.localdate())

    @admin.display(description=_("advisor"), ordering="help_request__advisor")
    def advisor_name(self, case):
        advisor = case.help_request.advisor
        return services.advisor_name(advisor) if advisor else _("unassigned")

    @admin.display(description=_("evidence"), ordering="evidence_percent")
    def evidence_complete(self, case):
        return f"{case.evidence_percent}%"

    # -- actions ---------------------------------------------------------------------

    @admin.action(description=_("Take the selected cases"))
    def take_cases(self, request, queryset):
        taken = sum(services.case_take(case=case, advisor=request.user) for case in queryset)
        skipped = queryset.count() - taken
        self.message_user(
            request,
            ngettext("You took %(n)d case.", "You took %(n)d cases.", taken) % {"n": taken},
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d case is already taken by another advisor.",
                    "%(n)d cases are already taken by other advisors.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Release the selected cases"))
    def release_cases(self, request, queryset):
        released = sum(services.case_release(case=case, advisor=request.user) for case in queryset)
        self.message_user(
            request,
            ngettext("Released %(n)d case.", "Released %(n)d cases.", released) % {"n": released},
        )

    @admin.action(description=_("Make a full case file (PDF) for the selected cases"))
    def request_dossiers(self, request, queryset):
        for case in queryset:
            dossier_request(case=case, variant="full", actor=request.user)
            services.access_record(
                actor=request.user, case=case, action=AccessAction.REQUESTED_DOSSIER
            )
        self.message_user(
            request,
            _("The case files are being made; they appear on each case's page when ready."),
        )

    @admin.action(description=_("Send the consumers a reminder now"))
    def send_reminders_now(self, request, queryset):
        count = 0
        for case in queryset:
            services.reminder_send_now(case=case, advisor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d reminder sent.", "%(n)d reminders sent.", count) % {"n": count},
        )

    # -- the workspace ---------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:case_id>/evidence/<uuid:public_id>/<str:what>/",
                wrap(self.evidence_file_view),
                name="advisors_evidence_file",
            ),
            path(
                "<int:case_id>/dossiers/<uuid:public_id>/",
                wrap(self.dossier_file_view),
                name="advisors_dossier_file",
            ),
            *super().get_urls(),
        ]

    def _shared_case(self, request, case_id) -> Case:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=case_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self._shared_case(request, unquote(object_id))
        note_form, reply_form = NoteForm(prefix="note"), ReplyForm(prefix="reply")
        if request.method == "POST":
            if "note-body" in request.POST:
                note_form = NoteForm(request.POST, prefix="note")
                if self._write(request, case, note_form, "advisors.add_advisornote"):
                    services.note_add(
                        case=case, author=request.user, body=note_form.cleaned_data["body"]
                    )
                    self.message_user(request, _("Note saved. Only advisors see it."))
                    return HttpResponseRedirect(request.path + "#notes")
            elif "reply-body" in request.POST:
                reply_form = ReplyForm(request.POST, prefix="reply")
                if self._write(request, case, reply_form, "advisors.add_advicereply"):
                    services.reply_send(
                        case=case, author=request.user, body=reply_form.cleaned_data["body"]
                    )
                    self.message_user(request, _("Reply sent. The consumer is notified."))
                    return HttpResponseRedirect(request.path + "#replies")
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
            self._workspace_context(request, case, note_form, reply_form),
        )

    @staticmethod
    def _write(request, case, form, permission: str) -> bool:
        """Whether the posted note or reply may be saved (a valid form, and the right)."""
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return form.is_valid()

    def _workspace_context(self, request, case, note_form, reply_form) -> dict:
        timeline = list(case_timeline(case=case))
        evidence = evidence_for_case(case=case)
        for item in evidence:
            ensure_thumbnail(item)
        checklist = case_checklist(case=case, evidence=evidence)
        channels = directory_channels(platform_slug=case.platform.slug)
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{case.reference} · {case.product}",
            "case": case,
            "help": help_request_of(case=case),
            "timeline": timeline,
            "evidence": evidence,
            "kinds_present": Counter(item.kind for item in evidence),
            "checklist": checklist,
            "guidance": ladder.guidance_for(case, channels),
            "deadlines": ladder.case_deadlines(case, timeline, work_calendar()),
            "today": timezone.localdate(),
            "reminders": upcoming_then_sent(case=case),
            "dossiers": list(
                Dossier.objects.filter(case=case, state=DossierState.READY).order_by("-created_at")[
                    :10
                ]
            ),
            "notes": list(case.advisor_notes.select_related("author")[:100]),
            "replies": list(case.advice_replies.all()[:100]),
            "note_form": note_form,
            "reply_form": reply_form,
            "may_note": request.user.has_perm("advisors.add_advisornote"),
            "may_reply": request.user.has_perm("advisors.add_advicereply"),
        }

    def evidence_file_view(self, request, case_id, public_id, what):
        case = self._shared_case(request, case_id)
        evidence = get_object_or_404(Evidence, case=case, public_id=public_id)
        if what == "thumbnail":
            if not ensure_thumbnail(evidence):
                raise Http404
            return evidence_file_response(
                evidence, evidence.thumbnail.name, content_type="image/jpeg", attachment=False
            )
        if what not in ("view", "download"):
            raise Http404
        services.access_record(
            actor=request.user,
            case=case,
            action=AccessAction.VIEWED_EVIDENCE
            if what == "view"
            else AccessAction.DOWNLOADED_EVIDENCE,
            target=f"#{evidence.number} {evidence.public_id}",
        )
        return evidence_file_response(
            evidence,
            evidence.file.name,
            content_type=evidence.content_type,
            attachment=what == "download",
        )

    def dossier_file_view(self, request, case_id, public_id):
        case = self._shared_case(request, case_id)
        dossier = get_object_or_404(
            Dossier, case=case, public_id=public_id, state=DossierState.READY
        )
        services.access_record(
            actor=request.user,
            case=case,
            action=AccessAction.DOWNLOADED_DOSSIER,
            target=str(dossier.public_id),
        )
        return dossier_file_response(dossier)


# --- the access log: superusers only ---------------------------------------------------


@admin.register(AccessEntry)
class AccessEntryAdmin(RecordAdmin):
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
