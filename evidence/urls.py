from django.urls import path

from . import redaction_views, views

app_name = "evidence"

urlpatterns = [
    path("<uuid:public_id>/", views.evidence_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.evidence_edit, name="edit"),
    path("<uuid:public_id>/download/", views.evidence_download, name="download"),
    path("<uuid:public_id>/thumbnail/", views.evidence_thumbnail, name="thumbnail"),
    path("<uuid:public_id>/preview/", views.evidence_preview, name="preview"),
    path("<uuid:public_id>/verify/", views.evidence_verify, name="verify"),
    path("<uuid:public_id>/remove/", views.evidence_remove, name="remove"),
    path("<uuid:public_id>/redact/", redaction_views.evidence_redact, name="redact"),
    path(
        "redacted/<uuid:public_id>/download/",
        redaction_views.redacted_download,
        name="redacted_download",
    ),
    path("dossiers/<uuid:public_id>/status/", views.dossier_status, name="dossier_status"),
    path("dossiers/<uuid:public_id>/retry/", views.dossier_retry, name="dossier_retry"),
    path("dossiers/<uuid:public_id>/download/", views.dossier_download, name="dossier_download"),
]
