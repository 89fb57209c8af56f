"""What the advisors' list says in its worked-out columns (advisors/columns.py)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from advisors.columns import (
    asked_ago,
    deadline_label,
    deadline_passed,
    first_line,
    product_and_amount,
    quiet_for,
)
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
        (date(2026, 3, 9), None, True, "逾期 1 天"),
        (date(2026, 2, 27), None, True, "逾期 11 天"),
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


def test_an_overdue_deadline_is_named():
    given = case(deadline=date(2026, 3, 5))
    given.next_deadline_name = "承诺：平台承诺回复"
    with translation.override("zh-hans"):
        assert deadline_label(given, TODAY) == "逾期 5 天：承诺：平台承诺回复"
    with translation.override("en"):
        assert deadline_label(given, TODAY) == "overdue by 5 days: 承诺：平台承诺回复"


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("", ""),
        ("\n\n  商家不退款  \n下一步？", "商家不退款"),
        ("一" * 41, "一" * 39 + "…"),
        ("一" * 40, "一" * 40),
    ],
)
def test_the_question_is_its_first_line_cut_to_fit(message, shown):
    assert first_line(message) == shown


def test_asked_ago_in_whole_days():
    now = datetime(2026, 3, 10, 9, tzinfo=UTC)
    with translation.override("zh-hans"):
        assert asked_ago(datetime(2026, 3, 10, 1, tzinfo=UTC), now) == "今天"
        assert asked_ago(datetime(2026, 3, 9, 8, tzinfo=UTC), now) == "1 天前"
        assert asked_ago(datetime(2026, 2, 8, 9, tzinfo=UTC), now) == "30 天前"


def test_product_and_amount():
    given = Case(product="蓝牙耳机", amount_paid=Decimal("12345.6"))
    assert product_and_amount(given) == "蓝牙耳机 · ¥12,345.60"
