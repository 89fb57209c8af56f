"""Make a case's dossier from the shell: `build_dossier WQ-2026-000123 --output case.pdf`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from evidence.dossier_pipeline import dossier_build, dossier_request
from evidence.models import DossierState, DossierVariant
from evidence.storage import evidence_storage


class Command(BaseCommand):
    help = "Build a PDF dossier for a case (verifying every evidence file first)."

    def add_arguments(self, parser):
        parser.add_argument("reference")
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument("--variant", default=DossierVariant.FULL, choices=DossierVariant.values)

    def handle(self, *args, reference: str, output: Path, variant: str, **options):
        case = Case.objects.filter(reference=reference).select_related("owner").first()
        if case is None:
            raise CommandError(f"No case {reference}.")
        dossier = dossier_request(case=case, variant=variant, actor=None, queue=False)
        dossier = dossier_build(dossier_id=dossier.pk)
        if dossier.state != DossierState.READY:
            raise CommandError(dossier.error or f"The dossier is {dossier.state}.")
        with evidence_storage.open(dossier.file.name, "rb") as stored:
            output.write_bytes(stored.read())
        self.stdout.write(
            f"{output}: {dossier.pages} pages, {dossier.size} bytes, SHA-256 {dossier.sha256}"
        )
