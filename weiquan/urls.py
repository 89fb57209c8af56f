from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

import advisors.admin_views
from evidence import views as evidence_views

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("accounts/", include("accounts.urls")),
    path("cases/", include("cases.urls")),
    path("cases/", include("advisors.urls")),
    path("platforms/", include("platforms.urls")),
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
