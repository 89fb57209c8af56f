"""Celery tasks for advisors: thin, and importing the service in their body (STYLE.md 13)."""

from celery import shared_task


@shared_task
def followups_sweep() -> int:
    """Every few minutes (beat): tell volunteers whose "remind me on…" day has come."""
    from .followups import followups_notify_due

    return followups_notify_due()
