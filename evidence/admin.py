from django.contrib import admin

from .models import CustodyEntry, Evidence


class CustodyInline(admin.TabularInline):
    model = CustodyEntry
    fields = ("at", "action", "actor", "details")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    """Read-only: evidence belongs to the consumer and changes only through the services."""

    list_display = ("case", "number", "kind", "content_type", "size", "uploaded_at", "removed_at")
    list_filter = ("kind", "content_type")
    search_fields = ("case__reference", "sha256", "original_name")
    list_select_related = ("case",)
    inlines = [CustodyInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CustodyEntry)
class CustodyEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "evidence", "actor", "sha256")
    list_filter = ("action",)
    search_fields = ("sha256", "evidence__case__reference")
    list_select_related = ("evidence__case", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
