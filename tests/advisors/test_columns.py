"""What the advisors' list says in its worked-out columns (advisors/columns.py)."""

from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from advisors.columns import deadline_label, deadline_passed, quiet_for
from cases.models import Case

TODAY = date(2026, 3, 10)


def case(*, deadline: date | None, closed: date | None = None) -> Case:
    return Case(
        next_deadline_on=deadline,
        closed_on=closed,
        last_activity_at=datetime(2026, 3, 1, 9, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("deadline", "closed", "passed", "label"),
    [
        (None, None, False, "—"),
        (date(2026, 3, 9), None, True, "2026-03-09（已逾期）"),
        (date(2026, 3, 10), None, False, "2026-03-10"),
        (date(2026, 3, 11), None, False, "2026-03-11"),
        (date(2026, 3, 9), date(2026, 3, 9), False, "—"),
    ],
)
def test_deadline(deadline, closed, passed, label):
    given = case(deadline=deadline, closed=closed)
    assert deadline_passed(given, TODAY) is passed
    with translation.override("zh-hans"):
        assert deadline_label(given, TODAY) == label


def test_quiet_for_counts_whole_days():
    with translation.override("zh-hans"):
        assert quiet_for(case(deadline=None), datetime(2026, 3, 4, 8, tzinfo=UTC)) == "2 天"
