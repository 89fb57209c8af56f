import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Case
from core.models import LeasedJob

from .storage import evidence_storage


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


class DossierVariant(models.TextChoices):
    FULL = "full", _("Full case file")
    COMPLAINT_12315 = "12315", _("For a 12315 complaint")
    COURT = "court", _("For court (with 证据清单)")


class DossierState(models.TextChoices):
    # Own translation context: the reminders' "Failed" reads 发送失败, a dossier's 生成失败.
    PENDING = "pending", pgettext_lazy("dossier state", "Waiting")
    BUILDING = "building", pgettext_lazy("dossier state", "Being made")
    READY = "ready", pgettext_lazy("dossier state", "Ready")
    FAILED = "failed", pgettext_lazy("dossier state", "Failed")


def dossier_path(instance: "Dossier", filename: str) -> str:
    return f"dossiers/{instance.public_id.hex[:2]}/{instance.public_id.hex}.pdf"


class Dossier(LeasedJob):
    """A PDF case file made from the case, its timeline and its evidence at one moment.

    Built by a worker under a lease (core/leases.py, evidence/jobs.py): pending → building →
    ready, or failed with a reason the consumer reads beside a 重试 button.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="dossiers", verbose_name=_("case")
    )
    variant = models.CharField(_("variant"), max_length=10, choices=DossierVariant.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=DossierState.choices, default=DossierState.PENDING
    )
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(
        _("file"), storage=_evidence_storage, upload_to=dossier_path, max_length=200, blank=True
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # evidence number → SHA-256 of each file the dossier included, as verified before rendering
    evidence_hashes = models.JSONField(_("evidence included"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            # the sweep's two queries: leases that ran out, waiting jobs that are due
            models.Index(fields=["state", "lease_until"], name="dossier_lease_sweep"),
            models.Index(fields=["state", "next_attempt_at"], name="dossier_due_sweep"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_variant_display()} {self.created_at:%Y-%m-%d}"


class TranscriptState(models.TextChoices):
    """Where the reading of an image's text is (under a lease, evidence/jobs.py)."""

    PENDING = "pending", pgettext_lazy("transcript state", "Waiting to be read")
    READING = "reading", pgettext_lazy("transcript state", "Being read")
    DONE = "done", pgettext_lazy("transcript state", "Read")
    FAILED = "failed", pgettext_lazy("transcript state", "Could not be read")


class Transcript(LeasedJob):
    """The text OCR read in one image evidence (evidence/reading/): its lines with their
    boxes and confidence, which engine and models read it, and when. Made by the task queued
    after upload, never in a web request; the upload is kept whatever happens here."""

    evidence = models.OneToOneField(
        Evidence, on_delete=models.CASCADE, related_name="transcript", verbose_name=_("evidence")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=TranscriptState.choices, default=TranscriptState.PENDING
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    # [{"text", "box": [left, top, right, bottom], "confidence", "chars": [[c, box, conf]…]}]
    lines = models.JSONField(_("lines"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)  # the lines, one per line, for search
    width = models.PositiveIntegerField(_("width read"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height read"), null=True, blank=True)
    engine = models.CharField(_("engine"), max_length=100, blank=True)
    model = models.CharField(_("models"), max_length=100, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        indexes = [
            models.Index(fields=["state", "lease_until"], name="transcript_lease_sweep"),
            models.Index(fields=["state", "next_attempt_at"], name="transcript_due_sweep"),
        ]

    def __str__(self) -> str:
        return f"{self.evidence_id} {self.get_state_display()}"


def redacted_copy_path(instance: "RedactedCopy", filename: str) -> str:
    """Beside the evidence's other derived files (so deleting an account deletes it too),
    under a random name of its own."""
    evidence_id = instance.evidence.public_id.hex
    return f"previews/{evidence_id[:2]}/{evidence_id}-redacted-{instance.public_id.hex}{filename}"


class RedactedCopy(models.Model):
    """A copy of an image evidence to share, with personal items covered by solid boxes burnt
    into its pixels and no metadata (evidence/redacted.py). The original is never changed:
    the copy records its hash and the original's."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    evidence = models.ForeignKey(
        Evidence,
        on_delete=models.CASCADE,
        related_name="redacted_copies",
        verbose_name=_("evidence"),
    )
    file = models.FileField(
        _("file"), storage=_evidence_storage, upload_to=redacted_copy_path, max_length=200
    )
    content_type = models.CharField(pgettext_lazy("redacted copy", "type"), max_length=30)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    # [{"kind", "box": [left, top, right, bottom]}] in the pixels of the picture as shown
    boxes = models.JSONField(_("covered areas"), default=list)
    sha256 = models.CharField(_("SHA-256 of the copy"), max_length=64)
    original_sha256 = models.CharField(_("SHA-256 of the original"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=pgettext_lazy("redacted copy", "made by"),
    )
    created_at = models.DateTimeField(pgettext_lazy("redacted copy", "made at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("redacted copy")
        verbose_name_plural = _("redacted copies")

    def __str__(self) -> str:
        return f"{self.evidence_id} {self.created_at:%Y-%m-%d %H:%M}"
