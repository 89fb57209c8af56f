"""Make the demo advisor a real advisor and share the demo consumer's first case with them.

Run after `seed_demo` (make run does); idempotent.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from advisors.roles import ensure_advisors_group, make_advisor
from advisors.selectors import help_request_of
from advisors.services import help_request


class Command(BaseCommand):
    help = "Give the demo advisor the advisors group and a shared demo case (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    @transaction.atomic
    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like production. Use --force.")
        ensure_advisors_group()
        advisor = User.objects.filter(username="demo-advisor").first()
        consumer = User.objects.filter(username="demo-consumer").first()
        if advisor is None or consumer is None:
            raise CommandError("Run `manage.py seed_demo` first.")
        make_advisor(advisor)
        case = consumer.cases.order_by("created_at").first()
        if case is not None and help_request_of(case=case) is None:
            help_request(case=case, message="商家拒绝退款，平台客服也不处理，下一步该怎么办？")
        self.stdout.write(self.style.SUCCESS("Demo advisor is in the advisors group."))
