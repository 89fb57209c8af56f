"""Read the order facts of screenshots on disk, with the same code as the case-from-screenshot
path: OCR through the door, then the order reader against the platform directory."""

import json

from django.core.management.base import BaseCommand, CommandError

from evidence.reading.ocr import OcrError
from evidence.reading.orders import JSON_KEYS, OrderFacts, read_screenshot_file, shopping_platforms


class Command(BaseCommand):
    help = (
        "Read the order facts (platform, shop, product, amount paid, order number, purchase and "
        "received dates) of order screenshots. A fact the reader is not sure of is null. "
        "A file that cannot be read (missing, not an image) prints a line of nulls and the "
        "reason on stderr; the exit code is 1 only when no file at all could be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Screenshot files.")
        parser.add_argument(
            "--json",
            action="store_true",
            help="One JSON object per line per file, with exactly the keys: "
            + ", ".join(JSON_KEYS),
        )

    def handle(self, *args, files, json=False, **options):
        platforms = shopping_platforms()
        read = 0
        rows = []
        for name in files:
            try:
                facts = read_screenshot_file(name, platforms=platforms)
                read += 1
            except (OSError, OcrError) as error:
                self.stderr.write(f"{name}: {error}")
                facts = OrderFacts()
            rows.append(facts.as_json(name))
            if json:
                self.stdout.write(_json_line(rows[-1]))
        if not json:
            self._table(rows)
        if not read:
            raise CommandError("no file could be read")

    def _table(self, rows):
        for row in rows:
            self.stdout.write(row["file"])
            for key in JSON_KEYS[1:]:
                value = row[key]
                self.stdout.write(f"  {key:<14} {'—' if value is None else value}")


def _json_line(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False)
