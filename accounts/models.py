import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A consumer (or a staff advisor). Signs in with an email address or a mainland mobile."""

    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=11, blank=True)
    display_name = models.CharField(
        _("name to show"),
        max_length=50,
        blank=True,
        help_text=_("How you want to be named in your case files. Can be a nickname."),
    )
    # Contact details for the letters and the 12315 form, typed once (all optional).
    real_name = models.CharField(
        _("real name"),
        max_length=50,
        blank=True,
        help_text=_("Printed on your letters and complaints. Leave empty to fill it in each time."),
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=20,
        blank=True,
        help_text=_("For the merchant, 12315 or a court to reach you. Empty: your mobile number."),
    )
    postal_address = models.CharField(
        _("postal address"),
        max_length=200,
        blank=True,
        help_text=_("Where letters can reach you. Only printed on your own letters and files."),
    )
    privacy_notice_version = models.CharField(
        _("privacy notice accepted"), max_length=20, blank=True
    )
    privacy_accepted_at = models.DateTimeField(
        _("privacy notice accepted at"), null=True, blank=True
    )
    notify_by_email = models.BooleanField(_("send reminders by email"), default=True)
    notify_in_app = models.BooleanField(_("show reminders in weiquan"), default=True)
    quiet_hours_start = models.TimeField(
        _("quiet hours start"),
        default=datetime.time(22, 0),
        help_text=_("Nothing is sent between these times (China time)."),
    )
    quiet_hours_end = models.TimeField(_("quiet hours end"), default=datetime.time(8, 0))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="accounts_user_unique_email"
            ),
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="accounts_user_unique_phone"
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """What the app calls this person: their chosen name, else a masked identifier."""
        if self.display_name:
            return self.display_name
        if self.phone:
            return f"{self.phone[:3]}****{self.phone[-4:]}"
        if self.email:
            local, _at, domain = self.email.partition("@")
            return f"{local[:2]}***@{domain}"
        return self.username

    @property
    def letter_phone(self) -> str:
        """The number the letters print: the contact phone, else the mobile signed up with."""
        return self.contact_phone or self.phone


class Notification(models.Model):
    """An in-app message in the person's notification centre (the bell in the header)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.title
