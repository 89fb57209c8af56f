"""The calendar pages: the feed's settings, the feed itself (no login: calendar apps cannot
log in, the secret address is the key) and one deadline as an .ics file."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from cases.selectors import cases_for_owner

from . import ics, qr, services
from .selectors import calendar_feed_for, calendar_feed_owner, case_deadline, feed_entries

ICS_TYPE = "text/calendar; charset=utf-8"


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def feed_urls(request, token: str) -> dict[str, str]:
    https = request.build_absolute_uri(reverse("calendars:feed", args=[token]))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@login_required
@require_GET
def calendar_settings(request):
    feed = calendar_feed_for(owner=request.user)
    context = {"feed": feed}
    if feed is not None:
        urls = feed_urls(request, feed.token)
        context.update(urls=urls, qr_svg=qr.svg(urls["https"], title=_("QR code of the link")))
    return _private(render(request, "calendars/calendar_settings.html", context))


@login_required
@require_POST
def calendar_create(request):
    services.calendar_feed_create(owner=request.user)
    return redirect("calendars:settings")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_reset(request):
    """GET asks to confirm; POST makes a new address, so the old one stops working."""
    if request.method == "POST":
        services.calendar_feed_reset(owner=request.user)
        messages.success(
            request, _("The calendar link was reset. Subscribe again with the new link.")
        )
        return redirect("calendars:settings")
    if calendar_feed_for(owner=request.user) is None:
        return redirect("calendars:settings")
    return _private(render(request, "calendars/calendar_reset.html"))


@require_safe  # calendar apps may ask with HEAD first
def feed(request, token: str):
    owner = calendar_feed_owner(token=token)
    if owner is None:
        raise Http404
    stamp = timezone.now()
    entries = feed_entries(owner=owner)
    # In the site's language whatever the calendar app sends as Accept-Language.
    with translation.override(settings.LANGUAGE_CODE):
        events = [
            ics.deadline_event(
                case=case,
                deadline=deadline,
                case_url=request.build_absolute_uri(case.get_absolute_url()),
                stamp=stamp,
            )
            for case, deadline in entries.deadlines
        ] + [
            ics.reminder_event(
                reminder=reminder,
                case_url=request.build_absolute_uri(reminder.case.get_absolute_url()),
                stamp=stamp,
            )
            for reminder in entries.reminders
        ]
        body = ics.calendar_bytes(events, name=_("weiquan: my deadlines"))
    return _private(HttpResponse(body, content_type=ICS_TYPE))


@login_required
@require_safe
def deadline_ics(request, reference: str, code: str):
    case = get_object_or_404(cases_for_owner(owner=request.user), reference=reference)
    deadline = case_deadline(case=case, code=code)
    if deadline is None:
        raise Http404
    event = ics.deadline_event(
        case=case,
        deadline=deadline,
        case_url=request.build_absolute_uri(case.get_absolute_url()),
        stamp=timezone.now(),
    )
    response = HttpResponse(ics.calendar_bytes([event], name=str(deadline.title)), ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-{code}.ics"'
    return _private(response)
