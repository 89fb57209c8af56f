"""Create a volunteer advisor account, or make an existing user one.

python manage.py create_advisor volunteer@example.cn --name 小林
"""

import getpass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from advisors.roles import advisor_revoke, ensure_advisors_group, make_advisor


class Command(BaseCommand):
    help = "Create an advisor (staff in the advisors group) or make an existing user one."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="How consumers see the advisor named.")
        parser.add_argument(
            "--password", help="For scripts; otherwise it is asked for (new accounts only)."
        )
        parser.add_argument(
            "--revoke",
            action="store_true",
            help="Take the advisor role away: their cases go back to the queue.",
        )
        parser.add_argument(
            "--group-only", action="store_true", help="Only create/refresh the advisors group."
        )

    @transaction.atomic
    def handle(self, *args, email, name, password, group_only, revoke, **options):
        ensure_advisors_group()
        if group_only:
            self.stdout.write("advisors group is up to date")
            return
        user = User.objects.filter(email__iexact=email).first()
        if revoke:
            if user is None:
                raise CommandError("No account with that email.")
            released = advisor_revoke(user)
            self.stdout.write(f"{user.email} is no longer an advisor ({released} cases released)")
            return
        if user is None:
            password = password or getpass.getpass("Password for the new advisor: ")
            if len(password) < 10:
                raise CommandError("The password needs at least 10 characters.")
            user = User.objects.create_user(
                username=email.lower(), email=email.lower(), password=password
            )
        if user.is_superuser:
            raise CommandError("That account is a superuser; advisors are not.")
        if name:
            user.display_name = name
            user.save(update_fields=["display_name"])
        make_advisor(user)
        self.stdout.write(f"{user.email} is an advisor")
