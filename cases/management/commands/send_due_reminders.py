"""Send every due reminder now, in this process: the sweep for those who run cron, not beat.

Safe next to Celery: each reminder is claimed before it is sent, so it still goes out once.
"""

from django.core.management.base import BaseCommand

from cases.reminders import reminder_deliver, reminders_sweep


class Command(BaseCommand):
    help = "Send the reminders that are due (exactly once each); for cron instead of Celery beat."

    def handle(self, *args, **options):
        outcomes: dict[str, int] = {}

        def deliver(reminder_id: int) -> None:
            outcome = reminder_deliver(reminder_id=reminder_id)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1

        handed = reminders_sweep(hand_out=deliver)
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(f"{handed} due reminders: {summary or 'nothing to do'}")
