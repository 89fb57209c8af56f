"""The advisors' queue: the case admin's list, its filters, columns and actions.

The rows are written out by the `advisor_admin.case_result_list` template tag (the admin's
generic per-cell machinery took most of the page's time); tests/advisors/admin/
test_case_list.py pins its columns to `list_display`.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.db.models import F, Q
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from evidence.dossier_pipeline import dossier_request
from platforms.selectors import shopping_platform_choices

from .. import services
from ..columns import asked_ago, deadline_label, first_line, product_and_amount, quiet_for
from ..models import AccessAction
from ..selectors import cases_matching, is_advisor
from .paging import BoundedPaginator, asked_page

# --- filters ---------------------------------------------------------------------------


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue (passed, not answered)")),
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
    courts the directory also lists (plain pairs, from the process's copy of the directory)."""

    def field_choices(self, field, request, model_admin):
        return shopping_platform_choices()


# --- the change list -------------------------------------------------------------------


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
                "product",
                "amount_paid",
                "problem",
                "stage",
                "last_activity_at",
                "next_deadline_on",
                "next_deadline_name",
                "closed_on",
                "evidence_percent",
                "platform__name",
                "help_request__consented_at",
                "help_request__message",
                "help_request__advisor__display_name",
            )
        )


# --- the queue's order -----------------------------------------------------------------


# Open cases first; among them the ones waiting for a volunteer, the oldest request first
# (Case.help_waiting_since, kept by advisors.services), then the ones a volunteer holds. One
# partial index reads it in order (cases/migrations/0012_queue_index.py): sorting every
# shared case took 280 ms at 100,000 cases.
#
# "Oldest request first" over "most urgent first": a consumer's wait is what the queue owes
# them, and it is the one order that never leaves a request behind. Urgency is shown, not
# sorted by: the "overdue by N days: which deadline" column, and the overdue filter, whose
# cases come in the same order. (An order by "overdue today" cannot be read from an index:
# it changes every day for every case.)
QUEUE_ORDER = (
    F("closed_on").asc(nulls_first=True),
    F("help_waiting_since").asc(nulls_last=True),
    F("id").desc(),
)


# --- the list's part of the case admin -------------------------------------------------


class CaseListMixin:
    """The queue of shared cases: columns, filters, search and the advisors' actions."""

    list_display = (
        "reference",
        "asked",
        "platform_name",
        "product_amount",
        "question",
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
    search_help_text = _(
        "Reference, order number, shop name, or the consumer's phone or email; "
        "文字: and words for the text read in screenshots."
    )
    list_select_related = ("platform", "help_request__advisor")
    list_per_page = 25
    show_full_result_count = False  # one count query, not two, on a filtered list
    ordering = QUEUE_ORDER
    actions = ["take_cases", "release_cases", "request_dossiers", "send_reminders_now"]
    change_list_template = "admin/advisors/case_list.html"

    def get_search_results(self, request, queryset, search_term):
        return cases_matching(queryset, search_term), False

    def get_changelist(self, request, **kwargs):
        return CaseChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        page = asked_page(request.GET.get(PAGE_VAR))
        return BoundedPaginator(queryset, per_page, orphans, allow_empty_first_page, page=page)

    def get_actions(self, request):
        # The list is read-only for advisors, but its actions are theirs.
        actions = super().get_actions(request)
        return actions if is_advisor(request.user) else {}

    # -- columns (the row template tag calls advisor_name and evidence_complete too) --

    @admin.display(description=_("asked"), ordering="help_request__consented_at")
    def asked(self, case):
        return asked_ago(case.help_request.consented_at, timezone.now())

    @admin.display(description=_("product and amount"), ordering="amount_paid")
    def product_amount(self, case):
        return product_and_amount(case)

    @admin.display(description=_("question"))
    def question(self, case):
        return first_line(case.help_request.message)

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
