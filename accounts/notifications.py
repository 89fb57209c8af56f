"""The one door for telling a person something: in-app notifications and email.

Email goes through Django's email backend (console in development, SMTP in production);
nothing else in weiquan sends mail except the password reset of django.contrib.auth.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from .models import Notification, User


def notify_in_app(*, user: User, title: str, body: str = "", url: str = "") -> Notification:
    return Notification.objects.create(user=user, title=title, body=body, url=url)


def send_email(*, user: User, subject: str, text: str, html: str) -> None:
    """Send one message; raises whatever the backend raises, so the caller can retry."""
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


def in_quiet_hours(moment: time, start: time, end: time) -> bool:
    """Whether a local time falls in a quiet window; a window may run over midnight."""
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def quiet_until(*, user: User, now: datetime) -> datetime | None:
    """When the person's quiet hours end, if `now` is inside them (China time), else None."""
    local = timezone.localtime(now)
    if not in_quiet_hours(local.time(), user.quiet_hours_start, user.quiet_hours_end):
        return None
    end = local.replace(
        hour=user.quiet_hours_end.hour,
        minute=user.quiet_hours_end.minute,
        second=0,
        microsecond=0,
    )
    if end <= local:
        end += timedelta(days=1)
    return end


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
