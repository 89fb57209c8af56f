from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PlatformKind(models.TextChoices):
    SHOPPING = "shopping", _("Shopping platform")
    GOVERNMENT = "government", _("Government")
    ASSOCIATION = "association", _("Consumer association")
    COURT = "court", _("Court")


class Platform(models.Model):
    """A place a consumer deals with: where they bought, or where they escalate to."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PlatformKind.choices, default=PlatformKind.SHOPPING
    )
    website = models.URLField(_("website"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order in lists"), default=100)
    is_active = models.BooleanField(_("offered in forms"), default=True)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (Chinese unless they chose English)."""
        language = get_language() or "zh-hans"
        return self.name_en if language.startswith("en") else self.name
