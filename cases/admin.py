from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Case, CaseEvent, CaseEventRevision, ReferenceCounter


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    fields = ("happened_at", "kind", "summary", "data", "actor", "edited_at", "hidden_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("-happened_at",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "platform",
        "shop_name",
        "problem",
        "stage",
        "amount_paid",
        "outcome",
        "last_activity_at",
    )
    list_filter = ("platform", "stage", "problem", "outcome")
    search_fields = (
        "reference",
        "order_number",
        "shop_name",
        "product",
        "owner__phone",
        "owner__email",
    )
    list_select_related = ("platform", "owner")
    # Stage and closing go through the services so the timeline records them.
    readonly_fields = (
        "reference",
        "owner",
        "stage",
        "outcome",
        "closed_on",
        "created_at",
        "updated_at",
        "last_activity_at",
    )
    date_hierarchy = "created_at"
    inlines = [CaseEventInline]


class CaseEventRevisionInline(admin.TabularInline):
    model = CaseEventRevision
    fields = ("replaced_at", "replaced_by", "happened_at", "summary", "data")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    """Read-only: the timeline is a record, changed only through the services."""

    list_display = ("case", "kind", "happened_at", "actor", "edited_at", "hidden_at")
    list_filter = ("kind",)
    search_fields = ("case__reference", "summary")
    list_select_related = ("case", "actor")
    inlines = [CaseEventRevisionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(admin.ModelAdmin):
    list_display = ("year", "last_number")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = _("weiquan advisors")
admin.site.site_title = _("weiquan")
