"""Check the platform directory file and load it: `manage.py load_directory [--file PATH]`.

Safe to run on every start (scripts/run.sh does): a second run changes nothing. A file with any
problem loads nothing and the command fails, listing each problem as "line N: reason".
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from platforms.directory import DEFAULT_PATH, DirectoryError, directory_load


class Command(BaseCommand):
    help = "Check platforms/data/directory.yaml (or --file) and load it; nothing loads on errors."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_PATH, help="The directory file to load."
        )

    def handle(self, *args, file: Path, **options):
        try:
            report = directory_load(path=file)
        except DirectoryError as error:
            problems = "\n".join(f"  {message}" for message in error.errors)
            raise CommandError(
                f"{file}: {len(error.errors)} problem(s), nothing loaded:\n{problems}"
            ) from error
        self.stdout.write(f"Directory {file.name}, revised {report.revised_on}:")
        for name in ("platforms", "channels", "policies"):
            counts = getattr(report, name)
            self.stdout.write(
                f"  {name}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged, {counts.deleted} deleted"
            )
        if not report.changed:
            self.stdout.write("  Nothing changed.")
