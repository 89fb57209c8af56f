"""Each shared case's place in the advisors' queue: waiting since its help request while
nobody holds it (advisors.services keeps it in step from now on)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    HelpRequest = apps.get_model("advisors", "HelpRequest")
    waiting = HelpRequest.objects.filter(
        case=OuterRef("pk"), advisor__isnull=True, withdrawn_at__isnull=True
    )
    Case.objects.filter(shared_with_advisors=True).update(
        help_waiting_since=Subquery(waiting.values("consented_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("advisors", "0002_help_case_advisor_index"),
        ("cases", "0011_deadline_dismissed_queue"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
