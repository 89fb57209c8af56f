"""`make bench`: run every benchmark and print one table of figures with the goal beside each.

Not part of `make test` or CI: figures depend on the machine, so they are read, not asserted.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import (
    advisor_journey,
    advisor_list,
    case_sections,
    dossier_build,
    lighthouse,
    load,
    ocr_accuracy,
    ocr_redaction,
    ocr_speed,
    phone_journey,
    reminder_sweep,
    s3_streaming,
    upload_hashing,
)

BENCHMARKS = [
    upload_hashing,
    s3_streaming,
    dossier_build,
    ocr_speed,
    ocr_accuracy,
    ocr_redaction,
    reminder_sweep,
    advisor_list,
    case_sections,
    phone_journey,
    advisor_journey,
    lighthouse,
    load,
]


def main() -> int:
    rows = []
    for benchmark in BENCHMARKS:
        print(f"running {benchmark.__name__} ...", flush=True)
        rows.extend(benchmark.run())
    width = max(len(row["name"]) for row in rows)
    value_width = max(len(row["value"]) for row in rows)
    print()
    goal_width = max(len(row["goal"]) for row in rows)
    print(f"{'benchmark'.ljust(width)}  {'figure'.ljust(value_width)}  {'goal'.ljust(goal_width)}")
    print("-" * (width + value_width + goal_width + 12))
    for row in rows:
        mark = "PASS" if row["ok"] else "FAIL"
        print(
            f"{row['name'].ljust(width)}  {row['value'].ljust(value_width)}  "
            f"{row['goal'].ljust(goal_width)}  {mark}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
