from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "phone", "email", "display_name", "is_staff", "date_joined")
    search_fields = ("username", "phone", "email", "display_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Consumer"),
            {"fields": ("phone", "display_name", "privacy_notice_version", "privacy_accepted_at")},
        ),
    )
    readonly_fields = ("privacy_notice_version", "privacy_accepted_at")
