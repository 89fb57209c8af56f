"""Read the text of image evidence again with OCR: all of it, one case's, or only the files
whose reading failed or never happened. Safe to run again."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from cases.references import normalise_reference
from evidence.reading.transcripts import evidence_to_read, transcript_read_again


class Command(BaseCommand):
    help = "Read (again) the text of image evidence with OCR."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="Every image evidence.")
        which.add_argument(
            "--case", metavar="REFERENCE", help="One case's images (WQ-2026-000123)."
        )
        which.add_argument(
            "--failed", action="store_true", help="Only images whose reading failed or never ran."
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand each one to the Celery workers instead of reading it in this process.",
        )

    def handle(self, *args, case=None, failed=False, queue=False, **options):
        reference = None
        if case:
            reference = normalise_reference(case)
            if reference is None:
                raise CommandError(f"not a case reference: {case}")
        states: Counter[str] = Counter()
        for evidence in evidence_to_read(case_reference=reference, failed_only=failed):
            states[str(transcript_read_again(evidence, here=not queue))] += 1
        summary = ", ".join(f"{state} {count}" for state, count in sorted(states.items()))
        self.stdout.write(f"{sum(states.values())} image(s): {summary or 'nothing to read'}.")
