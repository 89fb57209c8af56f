"""The vault's rows: a piece of evidence and its custody log."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Case
from core.models import LeasedJob

from ..storage import evidence_storage


def _evidence_storage():
    return evidence_storage


def evidence_upload_path(instance: "Evidence", filename: str) -> str:
    """Random stored names: nothing about the consumer or the file leaks into the path."""
    return f"evidence/{instance.public_id.hex[:2]}/{instance.public_id.hex}"


def thumbnail_path(instance: "Evidence", filename: str) -> str:
    return f"previews/{instance.public_id.hex[:2]}/{instance.public_id.hex}-{filename}"


class EvidenceKind(models.TextChoices):
    ORDER_SCREENSHOT = "order_screenshot", _("Order screenshot")
    PAYMENT_PROOF = "payment_proof", _("Payment proof or receipt")
    CHAT_LOG = "chat_log", _("Chat log with the merchant or platform")
    REFUND_REQUEST = "refund_request", _("After-sales or refund request")
    PRODUCT_PHOTO = "product_photo", _("Product photo")
    PACKAGING_PHOTO = "packaging_photo", _("Packaging or label photo")
    DEFECT_VIDEO = "defect_video", _("Defect video")
    UNBOXING_VIDEO = "unboxing_video", _("Unboxing video")
    LOGISTICS_RECORD = "logistics_record", _("Logistics record")
    PRODUCT_PAGE = "product_page", _("Product page screenshot")
    CALL_RECORDING = "call_recording", _("Call recording")
    APPRAISAL_REPORT = "appraisal_report", _("Appraisal report")
    MEDICAL_REPORT = "medical_report", _("Medical report")
    OTHER = "other", _("Other")


class RenditionsState(models.TextChoices):
    """Where the task that makes the evidence's pictures is (under a lease, evidence/jobs.py)."""

    PENDING = "pending", pgettext_lazy("renditions state", "Waiting")
    MAKING = "making", pgettext_lazy("renditions state", "Being made")
    DONE = "done", pgettext_lazy("renditions state", "Done")
    FAILED = "failed", pgettext_lazy("renditions state", "Failed")


class Evidence(LeasedJob):
    """One file a consumer keeps as proof, with the facts that show it was not altered.

    The lease columns (LeasedJob) belong to the renditions task made after upload.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("case")
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=30, choices=EvidenceKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    captured_on = models.DateField(_("captured on"), null=True, blank=True)
    file = models.FileField(
        _("file"), storage=_evidence_storage, upload_to=evidence_upload_path, max_length=200
    )
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("detected type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    exif = models.JSONField(_("photo metadata"), default=dict, blank=True)
    has_gps = models.BooleanField(_("contains GPS location"), default=False)
    thumbnail = models.FileField(
        _("thumbnail"),
        storage=_evidence_storage,
        upload_to=thumbnail_path,
        max_length=200,
        blank=True,
    )
    preview = models.FileField(
        _("JPEG preview"),
        storage=_evidence_storage,
        upload_to=thumbnail_path,
        max_length=200,
        blank=True,
    )
    preview_failed = models.BooleanField(_("no preview possible"), default=False)
    renditions_state = models.CharField(
        _("renditions"),
        max_length=10,
        choices=RenditionsState.choices,
        default=RenditionsState.PENDING,
    )
    renditions_error = models.CharField(_("renditions error"), max_length=300, blank=True)
    # The picture as printed in dossiers (~1600 px, upright JPEG), made once and reused.
    print_rendition = models.FileField(
        _("print rendition"),
        storage=_evidence_storage,
        upload_to=thumbnail_path,
        max_length=200,
        blank=True,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    last_verified_at = models.DateTimeField(_("last verified at"), null=True, blank=True)
    last_verified_ok = models.BooleanField(_("last verification passed"), null=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )

    class Meta:
        ordering = ["case", "number"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="evidence_unique_number"),
            models.UniqueConstraint(
                fields=["case", "sha256"],
                condition=Q(removed_at__isnull=True),
                name="evidence_unique_file_per_case",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "removed_at"], name="evidence_case_present"),
            models.Index(fields=["renditions_state", "lease_until"], name="evidence_lease_sweep"),
            models.Index(fields=["renditions_state", "next_attempt_at"], name="evidence_due_sweep"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} #{self.number} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("evidence:detail", kwargs={"public_id": self.public_id})

    @property
    def category(self) -> str:
        """image, video, audio or document: what the file is, for limits and display."""
        major = self.content_type.split("/", 1)[0]
        return major if major in {"image", "video", "audio"} else "document"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class CustodyAction(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    VIEWED = "viewed", _("Viewed")
    DOWNLOADED = "downloaded", _("Downloaded")
    INCLUDED_IN_DOSSIER = "included_in_dossier", _("Included in a dossier")
    VERIFIED = "verified", _("Integrity verified")
    VERIFY_FAILED = "verify_failed", _("Integrity check failed")
    REMOVED = "removed", _("Removed from the case")
    DETAILS_CHANGED = "details_changed", _("Kind or description changed")
    REDACTED_COPY_MADE = "redacted_copy_made", _("Redacted copy made")


class CustodyEntry(models.Model):
    """Who did what with a piece of evidence, and when. Written only by the services.

    The hash and the evidence's anonymous id are copied here so the log still proves what it
    referred to after the file and its row are purged with the account.
    """

    evidence = models.ForeignKey(
        Evidence,
        on_delete=models.SET_NULL,
        null=True,
        related_name="custody",
        verbose_name=_("evidence"),
    )
    evidence_uid = models.UUIDField(_("evidence id"), null=True, editable=False, db_index=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    action = models.CharField(_("action"), max_length=30, choices=CustodyAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("custody entry")
        verbose_name_plural = _("custody log")
        indexes = [models.Index(fields=["evidence", "-at"], name="custody_evidence_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
