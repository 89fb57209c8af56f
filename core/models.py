from django.db import models
from django.utils.translation import gettext_lazy as _


class LeasedJob(models.Model):
    """The columns of a row that a background job works on under a lease (core/leases.py).

    The row keeps its own state column (each model names its states); these say who holds the
    job, until when, how often it was started and when the sweep may queue it again.
    """

    lease_owner = models.CharField(_("held by"), max_length=120, blank=True)
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        abstract = True


class DataVersion(models.Model):
    """The version of one kind of read-mostly data that processes keep in memory
    (core/reference.py): a fresh random token on every change."""

    name = models.CharField(_("data"), max_length=60, primary_key=True)
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.token}"
