"""The cases app's admins. The case admin itself is the advisors' (advisors/admin/), which
holds only cases their owners shared; these are the bases it re-registers or leaves as they
are."""

from django.contrib import admin

from core.admin import RecordAdmin, RecordInline

from .models import (
    CalendarDay,
    CaseEvent,
    CaseEventRevision,
    HolidayNotice,
    ReferenceCounter,
    Reminder,
)


class CaseEventRevisionInline(RecordInline):
    model = CaseEventRevision
    fields = ("replaced_at", "replaced_by", "happened_at", "summary", "data")
    readonly_fields = fields


@admin.register(CaseEvent)
class CaseEventAdmin(RecordAdmin):
    """The timeline is a record, changed only through the services."""

    list_display = ("case", "kind", "happened_at", "actor", "edited_at", "hidden_at")
    list_filter = ("kind",)
    search_fields = ("case__reference", "summary")
    list_select_related = ("case", "actor")
    inlines = [CaseEventRevisionInline]


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(RecordAdmin):
    list_display = ("year", "last_number")


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    fields = ("date", "is_workday", "name")
    extra = 3


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(admin.ModelAdmin):
    """Advisors enter each year's official schedule here; it wins over the calendar package."""

    list_display = ("year", "title", "url")
    search_fields = ("title",)
    inlines = [CalendarDayInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Superusers can add a reminder to a shared case or see why one was not sent; advisors
    set them from the case's workspace (advisors/admin/sharing.py sends them there)."""

    list_display = ("case", "message", "kind", "due_at", "state", "attempts", "sent_at")
    list_filter = ("state", "kind")
    search_fields = ("case__reference", "message")
    list_select_related = ("case",)
    raw_id_fields = ("case",)
    readonly_fields = ("state", "claimed_until", "sent_at", "attempts", "last_error", "source_key")
    fields = ("case", "kind", "due_at", "message", "channels", *readonly_fields)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
