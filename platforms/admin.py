"""The directory in the admin: editable, with source and last verification in view.

Django's admin history records each change. The data file is the reference: the next
`load_directory` overwrites entries it lists, so lasting corrections belong in
platforms/data/directory.yaml.
"""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import ContactChannel, Platform, Policy

FILE_NOTE = _(
    "Entries listed in platforms/data/directory.yaml are overwritten by the next "
    "load_directory run: copy lasting corrections into that file, with their source."
)
SOURCE_FIELDS = (("status", "last_verified_on"), ("source_title", "source_url"), "notes")


class ContactChannelInline(admin.StackedInline):
    model = ContactChannel
    extra = 0
    fields = (
        ("kind", "audience", "sort_order"),
        ("label", "value"),
        "hours",
        "steps",
        ("competing_value", "competing_source"),
        *SOURCE_FIELDS,
    )


class PolicyInline(admin.StackedInline):
    model = Policy
    extra = 0
    fields = (
        ("code", "title"),
        "offer",
        "conditions",
        ("counterfeit_multiplier", "as_of"),
        *SOURCE_FIELDS,
    )


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "slug", "kind", "channel_count", "sort_order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_en", "slug", "operator")
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = (
        (
            None,
            {
                "description": FILE_NOTE,
                "fields": (
                    ("name", "name_en"),
                    ("slug", "kind"),
                    "operator",
                    "website",
                    "summary",
                    ("sort_order", "is_active"),
                ),
            },
        ),
    )
    inlines = [ContactChannelInline, PolicyInline]
    # Addresses typed without a scheme are https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(channel_total=Count("channels"))

    @admin.display(description=_("contact channels"), ordering="channel_total")
    def channel_count(self, platform: Platform) -> int:
        return platform.channel_total


@admin.register(ContactChannel)
class ContactChannelAdmin(admin.ModelAdmin):
    list_display = (
        "value",
        "label",
        "platform",
        "kind",
        "audience",
        "status",
        "last_verified_on",
        "source_title",
    )
    list_filter = ("status", "kind", "audience", "platform")
    search_fields = (
        "value",
        "label",
        "competing_value",
        "source_title",
        "platform__name",
        "platform__slug",
    )
    list_select_related = ("platform",)
    autocomplete_fields = ("platform",)
    fieldsets = (
        (
            None,
            {
                "description": FILE_NOTE,
                "fields": (
                    "platform",
                    ("kind", "audience", "sort_order"),
                    ("label", "value"),
                    "hours",
                    "steps",
                    ("competing_value", "competing_source"),
                ),
            },
        ),
        (_("Source and verification"), {"fields": SOURCE_FIELDS}),
    )


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "platform",
        "code",
        "counterfeit_multiplier",
        "as_of",
        "status",
        "last_verified_on",
        "source_title",
    )
    list_filter = ("status", "platform")
    search_fields = ("title", "code", "offer", "source_title", "platform__name", "platform__slug")
    list_select_related = ("platform",)
    autocomplete_fields = ("platform",)
    fieldsets = (
        (
            None,
            {
                "description": FILE_NOTE,
                "fields": (
                    "platform",
                    ("code", "title"),
                    "offer",
                    "conditions",
                    ("counterfeit_multiplier", "as_of"),
                ),
            },
        ),
        (_("Source and verification"), {"fields": SOURCE_FIELDS}),
    )
