"""Re-hash every stored evidence file and report any that changed or went missing.

Exit code 1 when anything does not match, so cron or monitoring can alert on it.
"""

from django.core.management.base import BaseCommand, CommandError

from evidence.models import Evidence
from evidence.vault import evidence_verify


class Command(BaseCommand):
    help = "Check every stored evidence file against its SHA-256 (non-zero exit on any problem)."

    def handle(self, *args, **options):
        checked = failed = 0
        for evidence in Evidence.objects.select_related("case").iterator(chunk_size=200):
            checked += 1
            if not evidence_verify(evidence=evidence):
                failed += 1
                self.stderr.write(
                    f"MISMATCH {evidence.case.reference} #{evidence.number} "
                    f"{evidence.file.name} expected {evidence.sha256}"
                )
        summary = f"{checked} evidence files checked, {failed} failed."
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
