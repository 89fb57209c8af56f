"""Admin building blocks shared by the apps."""

from django.contrib import admin


class RecordAdmin(admin.ModelAdmin):
    """A model that is a record (timeline, evidence, custody log): readable, never edited here.

    Such rows change only through their app's services, which keep the audit trail.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordInline(admin.TabularInline):
    """A read-only list of records under their parent."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
