"""Date arithmetic for legal deadlines: calendar days, working days, years.

Pure functions over a `WorkCalendar`, which answers "is this a working day?" from, in order:
the official notices advisors entered (database), the `chinese_calendar` package (2004 to
the last year it knows), and finally weekends plus the fixed-date statutory holidays. An
answer from the last source makes the deadline *provisional*.

Counting follows 民法典 Art. 201-203: the trigger day does not count; a period whose last day
is a rest day ends on the next working day (unless the rule says otherwise). `period_end`
counts a rule's period the way its `unit` and `roll_forward` in rules.yaml say.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

from .rules import Period, Unit, fixed_date_holidays


@dataclass
class WorkCalendar:
    # date → True (make-up working day) or False (holiday), for the years in `notice_years`.
    official_days: Mapping[date, bool] = field(default_factory=dict)
    notice_years: frozenset[int] = frozenset()
    provisional: bool = False  # set once any answer came from the fallback

    def is_workday(self, day: date) -> bool:
        if day.year in self.notice_years:
            if day in self.official_days:
                return self.official_days[day]
            return day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            self.provisional = True
            return day.weekday() < 5 and (day.month, day.day) not in fixed_date_holidays()


@dataclass(frozen=True)
class Due:
    day: date
    provisional: bool


def add_working_days(start: date, days: int, calendar: WorkCalendar) -> Due:
    """The day on which `days` working days after `start` have passed (start not counted)."""
    calendar.provisional = False
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if calendar.is_workday(current):
            counted += 1
    return Due(current, calendar.provisional)


def next_workday_on_or_after(day: date, calendar: WorkCalendar) -> date:
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def add_calendar_days(
    start: date, days: int, calendar: WorkCalendar, *, roll_forward: bool = True
) -> Due:
    """`days` calendar days after `start` (start not counted); a rest day rolls forward."""
    calendar.provisional = False
    end = start + timedelta(days=days)
    if roll_forward:
        end = next_workday_on_or_after(end, calendar)
    return Due(end, calendar.provisional)


def add_years(start: date, years: int, calendar: WorkCalendar, *, roll_forward: bool = True) -> Due:
    """The same date `years` later (29 February → 28 February), rolled past rest days."""
    calendar.provisional = False
    try:
        end = start.replace(year=start.year + years)
    except ValueError:
        end = start.replace(year=start.year + years, day=28)
    if roll_forward:
        end = next_workday_on_or_after(end, calendar)
    return Due(end, calendar.provisional)


def period_end(start: date, period: Period, calendar: WorkCalendar) -> Due:
    """The last day of `period` counted from `start`, as its unit and roll_forward say."""
    if period.unit == Unit.WORKING_DAYS:
        return add_working_days(start, period.amount, calendar)
    if period.unit == Unit.CALENDAR_DAYS:
        return add_calendar_days(start, period.amount, calendar, roll_forward=period.roll_forward)
    return add_years(start, period.amount, calendar, roll_forward=period.roll_forward)
