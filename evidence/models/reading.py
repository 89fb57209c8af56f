"""What is read from the evidence: transcripts, the order screenshot of a new case, and
redacted copies (evidence/reading/, evidence/prefill/, evidence/redacted.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import LeasedJob

from .vault import Evidence, _evidence_storage


def screenshot_upload_path(instance: "OrderScreenshot", filename: str) -> str:
    """Where its evidence will keep it: the vault adopts it with `stored_uid` as public id."""
    return f"evidence/{instance.stored_uid.hex[:2]}/{instance.stored_uid.hex}"


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


class ScreenshotState(models.TextChoices):
    """Where the reading of an order screenshot uploaded for a new case is."""

    PENDING = "pending", pgettext_lazy("screenshot state", "Waiting to be read")
    READING = "reading", pgettext_lazy("screenshot state", "Being read")
    DONE = "done", pgettext_lazy("screenshot state", "Read")
    FAILED = "failed", pgettext_lazy("screenshot state", "Could not be read")


class OrderScreenshot(LeasedJob):
    """An order screenshot uploaded on /cases/new/ before its case exists (evidence/prefill/).

    Owned by the person who uploaded it and shown to no one else. The file is already in the
    vault's storage, under the random name its evidence will keep (`stored_uid`), with the
    hash taken as it arrived; when the case is opened the vault adopts it as evidence 1 and
    this row goes. One never used is deleted with its file after a day (the job sweep)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    stored_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    file = models.FileField(
        _("file"), storage=_evidence_storage, upload_to=screenshot_upload_path, max_length=200
    )
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("detected type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    exif = models.JSONField(_("photo metadata"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ScreenshotState.choices, default=ScreenshotState.PENDING
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    # What the OCR door read (as Transcript.lines), copied to the evidence's transcript later.
    lines = models.JSONField(_("lines"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)
    width = models.PositiveIntegerField(_("width read"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height read"), null=True, blank=True)
    engine = models.CharField(_("engine"), max_length=100, blank=True)
    model = models.CharField(_("models"), max_length=100, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The order facts read from the lines, as text ("299.00", "2026-11-20"); absent = unsure.
    facts = models.JSONField(_("order facts read"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("order screenshot for a new case")
        verbose_name_plural = _("order screenshots for new cases")
        indexes = [
            models.Index(fields=["state", "lease_until"], name="screenshot_lease_sweep"),
            models.Index(fields=["state", "next_attempt_at"], name="screenshot_due_sweep"),
            models.Index(fields=["created_at"], name="screenshot_expiry_sweep"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.get_state_display()}"


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
