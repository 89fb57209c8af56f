from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """A consumer's private calendar subscription: whoever holds the token reads the dates of
    their open cases, because calendar apps cannot log in. Resetting it makes a new token, so
    the old address stops working."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("owner"),
    )
    # secrets.token_urlsafe(32): 43 characters, 256 bits. Kept so the page can show the
    # address again (and as a QR code); it gives access to dates only, never to evidence.
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.owner_id}"
