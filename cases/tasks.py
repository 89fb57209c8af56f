"""Celery tasks: thin wrappers that take ids and call the reminder services.

Each imports the service it calls inside its body (STYLE.md rule 13), as the evidence tasks
do, so importing the tasks to queue work loads nothing behind them.
"""

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


@shared_task
def reminders_sweep() -> int:
    """Every minute (beat): queue a send task for each due reminder."""
    from . import reminders

    try:
        return reminders.reminders_sweep(
            hand_out=lambda reminder_id: reminder_send.delay(reminder_id)
        )
    except OperationalError as error:  # broker gone mid-sweep: the next sweep picks them up
        logger.warning("reminder sweep stopped, broker unavailable: %s", error)
        return 0


@shared_task(acks_late=True)
def reminder_send(reminder_id: int) -> str:
    """Safe to run twice: only the caller that wins the claim sends."""
    from . import reminders

    return reminders.reminder_deliver(reminder_id=reminder_id)
