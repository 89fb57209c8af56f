"""The admin site advisors work in."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


class WeiquanAdminSite(AdminSite):
    site_header = _("weiquan advisors")
    site_title = _("weiquan")
    # The sidebar listing every model on every page cost more than the case list itself;
    # the home page and the breadcrumbs lead everywhere it did.
    enable_nav_sidebar = False

    def each_context(self, request):
        """As Django's, except that the list of every app and model (a permission check and
        two URL lookups per model) is only worked out on the pages that show it."""
        script_name = request.META["SCRIPT_NAME"]
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": script_name if self.site_url == "/" and script_name else self.site_url,
            "has_permission": self.has_permission(request),
            "available_apps": SimpleLazyObject(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }


class WeiquanAdminConfig(AdminConfig):
    default_site = "weiquan.admin_site.WeiquanAdminSite"
