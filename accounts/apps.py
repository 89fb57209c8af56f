from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.models import Group, Permission

        from .backends import PERMISSIONS
        from .models import User

        PERMISSIONS.versioned_by(Group, Permission)
        PERMISSIONS.versioned_by_links(User.groups.through, User.user_permissions.through)
        PERMISSIONS.versioned_by_links(Group.permissions.through)
