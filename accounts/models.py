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
    privacy_notice_version = models.CharField(
        _("privacy notice accepted"), max_length=20, blank=True
    )
    privacy_accepted_at = models.DateTimeField(
        _("privacy notice accepted at"), null=True, blank=True
    )

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
