from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Notification, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "phone", "email", "display_name", "is_staff", "date_joined")
    search_fields = ("username", "phone", "email", "display_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Consumer"),
            {
                "fields": (
                    "phone",
                    "display_name",
                    "privacy_notice_version",
                    "privacy_accepted_at",
                    "notify_by_email",
                    "notify_in_app",
                    "quiet_hours_start",
                    "quiet_hours_end",
                )
            },
        ),
    )
    readonly_fields = ("privacy_notice_version", "privacy_accepted_at")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "title", "created_at", "read_at")
    search_fields = ("title", "user__phone", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
