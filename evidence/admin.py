from django.contrib import admin

from core.admin import RecordAdmin, RecordInline

from .models import CustodyEntry, Evidence, Transcript


class TranscriptInline(RecordInline):
    """The text read in the picture, read-only (made only by the reading task)."""

    model = Transcript
    fields = ("state", "text", "engine", "model", "read_at", "error")
    readonly_fields = fields


class CustodyInline(RecordInline):
    model = CustodyEntry
    fields = ("at", "action", "actor", "details")
    readonly_fields = fields


@admin.register(Evidence)
class EvidenceAdmin(RecordAdmin):
    """Evidence belongs to the consumer and changes only through the services."""

    list_display = ("case", "number", "kind", "content_type", "size", "uploaded_at", "removed_at")
    list_filter = ("kind", "content_type")
    search_fields = ("case__reference", "sha256", "original_name")
    list_select_related = ("case",)
    inlines = [TranscriptInline, CustodyInline]


@admin.register(CustodyEntry)
class CustodyEntryAdmin(RecordAdmin):
    list_display = ("at", "action", "evidence", "actor", "sha256")
    list_filter = ("action",)
    search_fields = ("sha256", "evidence__case__reference")
    list_select_related = ("evidence__case", "actor")


@admin.register(Transcript)
class TranscriptAdmin(RecordAdmin):
    """What OCR read in each picture, for operators looking into a reading that failed."""

    list_display = ("evidence", "state", "engine", "seconds", "read_at")
    list_filter = ("state",)
    search_fields = ("=evidence__case__reference",)
    list_select_related = ("evidence__case",)
    fields = ("evidence", "state", "text", "engine", "model", "seconds", "read_at", "error")
    readonly_fields = fields
