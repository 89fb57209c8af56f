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
    operator = models.CharField(_("operating company"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), blank=True)
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


class ChannelKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    APP_PATH = "app_path", _("In-app path")
    WEBSITE = "website", _("Website")
    MINI_PROGRAM = "mini_program", _("Mini-program")
    APP = "app", _("App")
    EMAIL = "email", _("Email")


class Audience(models.TextChoices):
    CONSUMERS = "consumers", _("Consumers")
    MERCHANTS = "merchants", _("Merchants only")


class VerificationStatus(models.TextChoices):
    """How far an entry's own value is confirmed. A value known to be wrong is never an entry:
    it is a channel's `competing_value`, shown struck through with "do not call"."""

    VERIFIED = "verified", _("Verified")
    UNVERIFIED = "unverified", _("Not verified")  # a source, not checked against the original
    NO_SOURCE = "no_source", _("No source found")  # commonly quoted, nothing confirms or refutes


class SourcedEntry(models.Model):
    """Every fact in the directory carries where it came from and when it was last checked."""

    source_title = models.CharField(_("source"), max_length=300)
    source_url = models.CharField(_("source address"), max_length=500, blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True


class ContactChannel(SourcedEntry):
    """One way to reach a platform or authority: a number, an in-app path, a website."""

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="channels", verbose_name=_("platform")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    # A stable name the guides refer to the channel by, so a corrected number or path in the
    # directory shows in every guide (unique in the data file; see directory_file).
    key = models.SlugField(_("key"), max_length=60, blank=True, db_index=True)
    label = models.CharField(_("label"), max_length=120)
    value = models.CharField(_("value"), max_length=300)
    hours = models.CharField(_("service hours"), max_length=200, blank=True)
    steps = models.JSONField(_("steps (in-app path)"), default=list, blank=True)
    audience = models.CharField(
        _("for"), max_length=20, choices=Audience.choices, default=Audience.CONSUMERS
    )
    # A value other sources give for the same channel that the reference rejects (known to be
    # wrong), shown struck through so people can recognise it; never dialled.
    competing_value = models.CharField(_("competing value"), max_length=300, blank=True)
    competing_source = models.CharField(_("competing value's source"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["platform", "sort_order", "id"]
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "kind", "value"], name="channel_unique_per_platform"
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform.name} {self.get_kind_display()} {self.value}"


class Policy(SourcedEntry):
    """A promise a platform makes (七天无理由, 假一赔N, 先行赔付...), in its own terms."""

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="policies", verbose_name=_("platform")
    )
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=120)
    offer = models.TextField(_("what it offers"))
    conditions = models.TextField(_("conditions"), blank=True)
    # A multiple of the price paid the platform promises for counterfeits, if it states one.
    counterfeit_multiplier = models.PositiveSmallIntegerField(
        _("counterfeit compensation (× price)"), null=True, blank=True
    )
    as_of = models.CharField(_("as stated in"), max_length=40, blank=True)

    class Meta:
        ordering = ["platform", "code"]
        verbose_name = _("platform policy")
        verbose_name_plural = _("platform policies")
        constraints = [
            models.UniqueConstraint(fields=["platform", "code"], name="policy_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.platform.name} {self.title}"
