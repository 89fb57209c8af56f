"""The PDF case files made from a case."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Case
from core.models import LeasedJob

from .vault import _evidence_storage


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
