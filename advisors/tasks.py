"""Celery tasks for volunteers: notifications and follow-ups; thin, by id, importing the
service in their body (STYLE.md rule 13), each safe to run twice."""

from celery import shared_task

# The notices a web request may queue (advisors.notify.on_commit), by name.
NOTICES = ("case_news", "new_request")


@shared_task
def notice_run(name: str, case_id: int, *args) -> object:
    from . import notify

    if name not in NOTICES:
        raise ValueError(f"not an advisors notice: {name}")
    return getattr(notify, name)(case_id, *args)


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=4)
def notice_email(notification_id: int) -> bool:
    from . import notify

    return notify.notice_email_send(notification_id)


@shared_task
def deadlines_sweep() -> int:
    """Every hour (beat): tell holders of deadlines coming due, once per date."""
    from . import notify

    return notify.deadlines_due()


@shared_task
def followups_sweep() -> int:
    """Every few minutes (beat): tell volunteers whose "remind me on…" day has come."""
    from .followups import followups_notify_due

    return followups_notify_due()
