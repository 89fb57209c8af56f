from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "platforms"
    verbose_name = _("Platform directory")

    def ready(self):
        # Here, not in the selectors, so that every process that can write the directory
        # (the admin, `load_directory`, a worker) moves the version the web processes read.
        from .models import ContactChannel, Platform, Policy
        from .selectors import DIRECTORY

        DIRECTORY.versioned_by(Platform, ContactChannel, Policy)
