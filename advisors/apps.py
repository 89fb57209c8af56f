from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisorsConfig(AppConfig):
    """Volunteer advisors: help requests with consent, notes, replies and the access log.

    Sits on top of cases and evidence (it reads both); nothing below imports it. The case
    page shows its part through the `advisors` template tags.
    """

    name = "advisors"
    verbose_name = _("Advisors")

    def ready(self):
        from accounts.privacy import privacy_register
        from cases.news import case_news_register

        from .notify import case_changed
        from .privacy import advisors_erase, advisors_export
        from .roles import advisor_role_watch

        privacy_register(name="advisors", export=advisors_export, erase=advisors_erase)
        case_news_register(case_changed)
        advisor_role_watch()
