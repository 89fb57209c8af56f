from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

import advisors.admin_views
from evidence import views as evidence_views
from guides.sitemaps import SITEMAPS
from weiquan import errors, webapp
from weiquan.health import healthz

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("offline/", webapp.offline, name="offline"),
    path("accounts/", include("accounts.urls")),
    path("cases/", include("cases.urls")),
    path("cases/", include("advisors.urls")),
    path("", include("calendars.urls")),
    path("platforms/", include("platforms.urls")),
    path("guides/", include("guides.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path(
        "cases/<str:reference>/evidence/upload/",
        evidence_views.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "cases/<str:reference>/dossiers/new/",
        evidence_views.dossier_create,
        name="dossier_new",
    ),
    path("evidence/", include("evidence.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "admin/dashboard/",
        admin.site.admin_view(advisors.admin_views.dashboard),
        name="advisor_dashboard",
    ),
    path("admin/", admin.site.urls),
]

handler500 = errors.server_error
