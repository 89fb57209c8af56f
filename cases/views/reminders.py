"""Reminders the consumer sets, snoozes or marks done (on the "more" section)."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import reminders
from ..forms import ReminderForm
from .page import own_case as _own_case
from .page import render_case_detail


def _own_reminder(case, reminder_id):
    return get_object_or_404(case.reminders, pk=reminder_id)


@login_required
@require_POST
def reminder_create(request, reference):
    case = _own_case(request, reference)
    form = ReminderForm(request.POST)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it first."))
        return redirect(case)
    if not form.is_valid():
        return render_case_detail(request, case, status=400, reminder_form=form)
    reminders.reminder_add(
        case=case,
        due_at=form.cleaned_data["due_at"],
        message=form.cleaned_data["message"],
        actor=request.user,
    )
    messages.success(request, _("Reminder set."))
    return redirect(f"{case.get_absolute_url()}more/#reminders")


@login_required
@require_POST
def reminder_snooze(request, reference, reminder_id):
    case = _own_case(request, reference)
    reminder = _own_reminder(case, reminder_id)
    tomorrow = timezone.localdate() + timedelta(days=1)
    reminders.reminder_snooze(
        reminder=reminder,
        until=timezone.make_aware(datetime.combine(tomorrow, reminders.REMIND_AT)),
    )
    messages.success(request, _("Snoozed until tomorrow morning."))
    return redirect(f"{case.get_absolute_url()}more/#reminders")


@login_required
@require_POST
def reminder_done(request, reference, reminder_id):
    case = _own_case(request, reference)
    reminders.reminder_done(reminder=_own_reminder(case, reminder_id))
    messages.success(request, _("Marked as done: it will not be sent."))
    return redirect(f"{case.get_absolute_url()}more/#reminders")
