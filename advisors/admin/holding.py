"""Holding cases from the queue, and each volunteer's notification settings.

- "Release the selected cases" asks for a handover note first (a confirmation page, as the
  admin's own delete action does), since a released case keeps its status and tells the
  next volunteer what was done.
- "My notification settings": what the volunteer is told (new requests, news on cases they
  hold, deadlines), which platforms and problems, and whether by email too.
- The advisor column marks a case the viewer holds that has news since they last opened it
  (the queryset's `news_for_me`, admin/cases.py).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import services
from ..forms import PreferencesForm, ReleaseForm
from ..models import AdvisorPreferences
from ..selectors import is_advisor


class HoldingMixin:
    def get_urls(self):
        return [
            path(
                "preferences/",
                self.admin_site.admin_view(self.preferences_view),
                name="advisors_preferences",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("advisor"), ordering="help_request__advisor")
    def advisor_name(self, case):
        name = super().advisor_name(case)
        if getattr(case, "news_for_me", False):
            return f"{name} · {_('new since you last opened it')}"
        return name

    @admin.action(description=gettext_lazy("Release the selected cases"))
    def release_cases(self, request, queryset):
        data = request.POST if "release-note" in request.POST else None
        form = ReleaseForm(data, prefix="release")
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/advisors/release_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _("Release the selected cases"),
                    "cases": queryset,
                    "form": form,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        note = form.cleaned_data["note"]
        released = sum(
            services.case_release(case=case, advisor=request.user, note=note) for case in queryset
        )
        self.message_user(
            request,
            ngettext("Released %(n)d case.", "Released %(n)d cases.", released) % {"n": released},
        )
        return None

    def preferences_view(self, request):
        if not is_advisor(request.user):
            raise PermissionDenied
        preferences = AdvisorPreferences.objects.filter(advisor=request.user).first()
        preferences = preferences or AdvisorPreferences(advisor=request.user)
        form = PreferencesForm(request.POST or None, instance=preferences)
        if request.method == "POST" and form.is_valid():
            services.preferences_save(form=form)
            messages.success(request, _("Your notification settings are saved."))
            return HttpResponseRedirect(reverse("admin:advisors_preferences"))
        return TemplateResponse(
            request,
            "admin/advisors/preferences.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("My notification settings"),
                "form": form,
            },
        )
