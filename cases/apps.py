from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from accounts.privacy import privacy_register

        from .privacy import cases_erase, cases_export

        privacy_register(name="cases", export=cases_export, erase=cases_erase)

        # Every process that can write the calendar moves the version the others read.
        from .models import CalendarDay, HolidayNotice
        from .selectors import CALENDAR

        CALENDAR.versioned_by(CalendarDay, HolidayNotice)
