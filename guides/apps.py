from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    """The public 维权指南: Markdown files in guides/content, with the directory's channels and
    the ladder's rules embedded by reference. On top of platforms and cases; the case page
    shows its links through the `guides` template tags."""

    name = "guides"
    verbose_name = _("Guides")
