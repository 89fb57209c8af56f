"""Make the thumbnails, posters and print renditions that are missing, for evidence uploaded
before they were made after upload (or whose task was lost). Safe to run again."""

from django.core.management.base import BaseCommand

from evidence.renditions import evidence_missing_renditions, renditions_make
from evidence.tasks import renditions_make_task


class Command(BaseCommand):
    help = "Make the missing evidence thumbnails, video posters and print renditions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand each one to the Celery workers instead of making it in this process.",
        )

    def handle(self, *args, queue: bool = False, **options):
        missing = list(evidence_missing_renditions().values_list("pk", flat=True))
        for evidence_id in missing:
            if queue:
                renditions_make_task.delay(evidence_id)
            else:
                renditions_make(evidence_id=evidence_id, again=True)
        verb = "queued" if queue else "made"
        self.stdout.write(f"{len(missing)} evidence file(s): renditions {verb}.")
