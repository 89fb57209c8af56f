"""Give the custody entries written before evidence_uid existed their evidence's public id,
so they stay attributable after the evidence row is deleted with its owner's account."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    CustodyEntry = apps.get_model("evidence", "CustodyEntry")
    Evidence = apps.get_model("evidence", "Evidence")
    public_id = Evidence.objects.filter(pk=OuterRef("evidence_id")).values("public_id")[:1]
    CustodyEntry.objects.filter(evidence__isnull=False, evidence_uid__isnull=True).update(
        evidence_uid=Subquery(public_id)
    )


class Migration(migrations.Migration):
    dependencies = [("evidence", "0003_custodyentry_evidence_uid")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
