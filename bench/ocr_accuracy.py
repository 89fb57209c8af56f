"""Benchmark: how well order facts are read from the generated screenshot set (issue 18).

Generates the set (bench/screenshots/: order pages of the four platforms in their variants,
merchant chats and the bad inputs), reads each file through the OCR door and the order reader
(the code `read_screenshot` and the web path run), and prints field by field how many were
right, left empty and wrong, then the worst cases. A field whose truth is None (a bad input,
a page with no receipt yet) is right when left empty and wrong when filled.

Goals: at least 95 % of fields right, at most 1 % wrong. BENCH_OCR_ORDERS sets how many order
pages (default 60); BENCH_OCR_CACHE names a folder keeping each image's OCR lines between runs,
for iterating on the reader only (the figures of `make bench` read every image afresh).
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ORDERS = int(os.environ.get("BENCH_OCR_ORDERS", "60"))
RIGHT_GOAL = 0.95
WRONG_GOAL = 0.01


def row(name: str, value: str, goal: str, ok: bool) -> dict:
    return {"name": name, "value": value, "goal": goal, "ok": ok}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weiquan.settings")
    import django

    django.setup()


def directory_platforms() -> list[tuple[str, tuple[str, ...]]]:
    """The shopping platforms of the directory's data file, as the reader is given them."""
    from evidence.reading.orders import platform_words
    from platforms.directory_file import directory_read

    return platform_words(
        (entry.key[0], entry.fields["name"])
        for entry in directory_read().platforms
        if entry.fields["kind"] == "shopping"
    )


def lines_of(data: bytes, cache: Path | None) -> tuple[list, float]:
    from evidence.reading import ocr

    key = cache / f"{hashlib.sha256(data).hexdigest()}.json" if cache else None
    if key is not None and key.exists():
        return [ocr.OcrLine.from_json(line) for line in json.loads(key.read_text())], 0.0
    reading = ocr.read_bytes(data)
    if key is not None:
        key.write_text(json.dumps([line.as_json() for line in reading.lines]))
    return list(reading.lines), reading.seconds


def same(field: str, truth, got) -> bool:
    from evidence.reading.orders.shapes import normalise

    if field in {"product", "shop_name"} and truth is not None and got is not None:
        return normalise(truth) == normalise(got)
    return truth == got


def measure(orders: int = ORDERS, cache: Path | None = None):
    setup_django()
    from bench.screenshots import TODAY, each_sample
    from evidence.reading.orders import FIELDS, read_order

    platforms = directory_platforms()
    tally = {field: {"right": 0, "empty": 0, "wrong": 0} for field in FIELDS}
    cases = []
    seconds = []
    for sample in each_sample(orders=orders):
        lines, spent = lines_of(sample.encoded(), cache)
        if spent:
            seconds.append(spent)
        got = read_order(lines, platforms=platforms, today=TODAY)
        misses = []
        for field in FIELDS:
            truth, value = getattr(sample.truth, field), getattr(got, field)
            if same(field, truth, value):
                tally[field]["right"] += 1
            elif value is None:
                tally[field]["empty"] += 1
                misses.append(("empty", field, truth, value))
            else:
                tally[field]["wrong"] += 1
                misses.append(("WRONG", field, truth, value))
        if misses:
            cases.append((sample, misses))
    return tally, cases, seconds


def report(tally, cases, count: int) -> tuple[float, float]:
    print(f"\nOCR accuracy on {count} generated screenshots, field by field:")
    print(f"  {'field':<15}{'right':>7}{'empty':>7}{'wrong':>7}")
    totals = {"right": 0, "empty": 0, "wrong": 0}
    for field, counts in tally.items():
        print(f"  {field:<15}{counts['right']:>7}{counts['empty']:>7}{counts['wrong']:>7}")
        for key in totals:
            totals[key] += counts[key]
    print(f"  {'total':<15}{totals['right']:>7}{totals['empty']:>7}{totals['wrong']:>7}")
    fields = sum(totals.values())
    cases.sort(key=lambda case: (-sum(m[0] == "WRONG" for m in case[1]), -len(case[1])))
    if cases:
        print("  worst cases:")
    for sample, misses in cases[:10]:
        print(f"    {sample.name} ({', '.join(sample.notes)})")
        for verdict, field, truth, value in misses:
            print(f"      {verdict} {field}: expected {truth!r}, read {value!r}")
    return totals["right"] / fields, totals["wrong"] / fields


def run() -> list[dict]:
    cache = os.environ.get("BENCH_OCR_CACHE")
    started = time.monotonic()
    tally, cases, seconds = measure(cache=Path(cache) if cache else None)
    count = sum(tally["platform"].values())
    right, wrong = report(tally, cases, count)
    print(f"  {count} images in {time.monotonic() - started:.0f} s", end="")
    if seconds:
        print(f" (OCR {statistics.median(seconds):.1f} s per image, median)", end="")
    print()
    return [
        row("OCR order fields right", f"{right:.1%}", f">= {RIGHT_GOAL:.0%}", right >= RIGHT_GOAL),
        row("OCR order fields wrong", f"{wrong:.1%}", f"<= {WRONG_GOAL:.0%}", wrong <= WRONG_GOAL),
    ]


if __name__ == "__main__":
    for result in run():
        print(f"{result['name']}: {result['value']} (goal {result['goal']})")
