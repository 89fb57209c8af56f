"""Fill a development database with the demo: a consumer with cases at several stages and
sample evidence, and an advisor (in the advisors group) with the consumer's first case shared.

One idempotent command: a re-run changes nothing. Refuses to run with DEBUG off unless
--force is given.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seed import DEMO_ADVISOR, DEMO_CONSUMER, seed_demo


class Command(BaseCommand):
    help = "Create demo users, cases, evidence and a shared case for the advisor (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Use --force to seed anyway."
            )
        seeded = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({seeded.new_cases} new cases)."))
        self.stdout.write(
            f"  consumer: {DEMO_CONSUMER['phone']} / {DEMO_CONSUMER['password']}\n"
            f"  advisor (admin at /admin/): {DEMO_ADVISOR['email']} / {DEMO_ADVISOR['password']}"
        )
