"""The admin site advisors work in."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import path
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

    def get_urls(self):
        """Django's, with "view on site" (`r/<content type>/<pk>/`) answered by our own view."""
        urls = super().get_urls()
        ours = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [ours if getattr(url, "name", None) == "view_on_site" else url for url in urls]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's redirect to an object's public page, for objects this user can open here.

        Django's own looks the object up in its table and redirects whoever is staff: walking
        the ids revealed the references and evidence addresses of cases never shared with
        advisors. Here the object must be in its model admin's list for this user (which holds
        only shared cases, for superusers too) and viewable by them; a model without an admin
        here has no such link, so it is a 404 for everyone. As a second lock, anything that
        belongs to a case is a 404 unless that case is shared now.
        """
        # Imported here: this module is loaded while the apps are (INSTALLED_APPS names it).
        from django.contrib.contenttypes import views as contenttype_views
        from django.contrib.contenttypes.models import ContentType

        from advisors.selectors import cases_for_advisors

        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        case_id = getattr(obj, "case_id", None)
        if case_id is not None and not cases_for_advisors().filter(pk=case_id).exists():
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)


class WeiquanAdminConfig(AdminConfig):
    default_site = "weiquan.admin_site.WeiquanAdminSite"
