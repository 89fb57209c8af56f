"""Deadline maths, table-driven, against the official 2025/2026 schedules and the fallback."""

from datetime import date

import pytest

from cases.deadlines import WorkCalendar, add_calendar_days, add_working_days, add_years
from cases.models import CalendarDay, HolidayNotice
from cases.selectors import work_calendar


@pytest.mark.parametrize(
    ("start", "days", "due", "provisional"),
    [
        # an ordinary week: Monday + 5 working days = next Monday
        (date(2026, 3, 2), 5, date(2026, 3, 9), False),
        # the trigger day does not count, even when it is a rest day (Saturday)
        (date(2025, 11, 8), 7, date(2025, 11, 18), False),
        # National Day 2026 (1-7 October) is skipped
        (date(2026, 9, 30), 1, date(2026, 10, 8), False),
        (date(2026, 9, 25), 5, date(2026, 10, 9), False),
        # Spring Festival 2026 with the make-up working Saturday 14 February
        (date(2026, 2, 13), 1, date(2026, 2, 14), False),
        (date(2026, 2, 12), 3, date(2026, 2, 24), False),
        # year end: New Year 2026 holiday, Sunday 4 January is a make-up working day
        (date(2025, 12, 31), 1, date(2026, 1, 4), False),
        # May Day 2026 (1-5 May)
        (date(2026, 4, 30), 1, date(2026, 5, 6), False),
        # into 2027, which no official schedule covers yet: weekends and 1 January only
        (date(2026, 12, 30), 3, date(2027, 1, 5), True),
        # the 12315 acceptance decision: 7 working days
        (date(2026, 11, 20), 7, date(2026, 12, 1), False),
    ],
)
def test_add_working_days(start, days, due, provisional):
    result = add_working_days(start, days, WorkCalendar())
    assert (result.day, result.provisional) == (due, provisional)


@pytest.mark.parametrize(
    ("start", "days", "roll", "due", "provisional"),
    [
        # month end
        (date(2026, 1, 28), 7, True, date(2026, 2, 4), False),
        # ends on a National Day holiday: 民法典 Art. 203 moves it to the first working day
        (date(2026, 9, 28), 7, True, date(2026, 10, 8), False),
        # the platforms' 168-hour return window does not move
        (date(2026, 9, 28), 7, False, date(2026, 10, 5), False),
        # ends on 1 January 2027 (fixed-date holiday), rolls over the weekend
        (date(2026, 12, 25), 7, True, date(2027, 1, 4), True),
        # ends on a Saturday
        (date(2026, 3, 7), 7, True, date(2026, 3, 16), False),
    ],
)
def test_add_calendar_days(start, days, roll, due, provisional):
    result = add_calendar_days(start, days, WorkCalendar(), roll_forward=roll)
    assert (result.day, result.provisional) == (due, provisional)


@pytest.mark.parametrize(
    ("start", "years", "due", "provisional"),
    [
        (date(2023, 10, 1), 3, date(2026, 10, 8), False),  # lands in the National Day week
        (date(2024, 2, 29), 3, date(2027, 3, 1), True),  # 28 Feb 2027 is a Sunday
        (date(2023, 6, 14), 3, date(2026, 6, 15), False),  # Sunday → Monday
    ],
)
def test_add_years(start, years, due, provisional):
    result = add_years(start, years, WorkCalendar())
    assert (result.day, result.provisional) == (due, provisional)


@pytest.mark.django_db
def test_an_official_notice_entered_by_advisors_wins_and_removes_provisional():
    # given the 2027 notice makes 4 January a holiday and Saturday 9 January a working day
    notice = HolidayNotice.objects.create(
        year=2027, title="国务院办公厅关于2027年部分节假日安排的通知"
    )
    CalendarDay.objects.create(notice=notice, date=date(2027, 1, 1), is_workday=False, name="元旦")
    CalendarDay.objects.create(notice=notice, date=date(2027, 1, 4), is_workday=False, name="元旦")
    CalendarDay.objects.create(notice=notice, date=date(2027, 1, 9), is_workday=True, name="调休")
    # when
    result = add_working_days(date(2026, 12, 31), 4, work_calendar())
    # then 5, 6, 7, 8 January count; nothing is provisional any more
    assert result.day == date(2027, 1, 8)
    assert not result.provisional
    assert add_working_days(date(2027, 1, 8), 1, work_calendar()).day == date(2027, 1, 9)


@pytest.mark.django_db
def test_the_database_also_overrides_a_year_the_package_knows():
    notice = HolidayNotice.objects.create(year=2026, title="更正")
    CalendarDay.objects.create(notice=notice, date=date(2026, 3, 3), is_workday=False, name="test")
    assert add_working_days(date(2026, 3, 2), 1, work_calendar()).day == date(2026, 3, 4)
