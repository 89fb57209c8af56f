from django.urls import path

from . import redaction_views, transcript_views, views
from .prefill import views as prefill

app_name = "evidence"

urlpatterns = [
    # A new case filled from its order screenshot (prefill/).
    path("order-screenshot/", prefill.order_screenshot_upload, name="order_screenshot_upload"),
    path(
        "order-screenshot/<uuid:public_id>/",
        prefill.order_screenshot_page,
        name="order_screenshot",
    ),
    path(
        "order-screenshot/<uuid:public_id>/status/",
        prefill.order_screenshot_status,
        name="order_screenshot_status",
    ),
    path(
        "order-screenshot/<uuid:public_id>/image/",
        prefill.order_screenshot_image,
        name="order_screenshot_image",
    ),
    path("<uuid:public_id>/", views.evidence_detail, name="detail"),
    path("search/", transcript_views.evidence_search_page, name="search"),
    path("<uuid:public_id>/transcript/", transcript_views.evidence_transcript, name="transcript"),
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
