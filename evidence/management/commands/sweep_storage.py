"""Compare stored objects with the rows that name them, both ways, and report the orphans.

Exit code 1 when a row's object is missing (evidence lost: cron or monitoring should alert).
`--delete-older-than HOURS` deletes objects no row names, once they are that old.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from evidence.storage_sweep import orphan_objects_delete, storage_orphans


class Command(BaseCommand):
    help = "Find rows without a stored object and stored objects without a row."

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete-older-than",
            type=float,
            metavar="HOURS",
            help="delete the objects no row names that were stored more than HOURS ago",
        )

    def handle(self, *args, delete_older_than=None, **options):
        if delete_older_than is not None and delete_older_than < 1:
            raise CommandError("--delete-older-than must be at least 1 hour (uploads in flight).")
        orphans = storage_orphans()
        for row, name in orphans.rows_without_object:
            self.stderr.write(f"MISSING OBJECT {name} ({row})")
        for name in orphans.objects_without_row:
            self.stdout.write(f"ORPHAN OBJECT {name}")
        deleted = []
        if delete_older_than is not None and orphans.objects_without_row:
            deleted = orphan_objects_delete(
                names=orphans.objects_without_row, older_than=timedelta(hours=delete_older_than)
            )
            for name in deleted:
                self.stdout.write(f"DELETED {name}")
        summary = (
            f"{len(orphans.rows_without_object)} rows without an object, "
            f"{len(orphans.objects_without_row)} objects without a row, {len(deleted)} deleted."
        )
        if orphans.rows_without_object:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
