"""rules.yaml drives the code: units and roll_forward decide how periods are counted, and
the loader refuses what the code would not read. Table-driven, no database."""

import copy
from datetime import date

import pytest
import yaml

from cases import ladder, rules
from cases.deadlines import WorkCalendar, period_end
from cases.models import Case, Problem
from cases.rules import Period, RulesError, Unit, parse_rules

DATA = yaml.safe_load(rules.RULES_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("rule_id", "period"),
    [
        ("no_reason_return", Period(7, Unit.CALENDAR_DAYS, roll_forward=False)),
        ("quality_return", Period(7, Unit.CALENDAR_DAYS, roll_forward=True)),
        ("complaint_acceptance", Period(7, Unit.WORKING_DAYS)),
        ("mediation_period", Period(45, Unit.WORKING_DAYS)),
        ("limitation", Period(3, Unit.YEARS, roll_forward=True)),
        ("complaint_cutoff", Period(3, Unit.YEARS, roll_forward=True)),
        ("refund_after_return", None),
        ("period_counting", None),
        ("fraud_compensation", None),
    ],
)
def test_each_rule_reads_its_period_from_the_file(rule_id, period):
    assert rules.rule(rule_id).period == period


@pytest.mark.parametrize(
    ("start", "period", "due"),
    [
        # 28 Sep + 7 calendar days = Monday 5 October 2026, inside National Day (1-7 October)
        (date(2026, 9, 28), Period(7, Unit.CALENDAR_DAYS, roll_forward=False), date(2026, 10, 5)),
        (date(2026, 9, 28), Period(7, Unit.CALENDAR_DAYS, roll_forward=True), date(2026, 10, 8)),
        # the same seven counted as working days skip the holiday week (Sat 10 Oct is a
        # make-up working day)
        (date(2026, 9, 28), Period(7, Unit.WORKING_DAYS), date(2026, 10, 13)),
        # 1 October 2023 + 3 years falls in the National Day week
        (date(2023, 10, 1), Period(3, Unit.YEARS, roll_forward=True), date(2026, 10, 8)),
        (date(2023, 10, 1), Period(3, Unit.YEARS, roll_forward=False), date(2026, 10, 1)),
    ],
)
def test_period_end_counts_as_the_unit_and_roll_forward_say(start, period, due):
    assert period_end(start, period, WorkCalendar()).day == due


def edited(rule_id: str, **changes) -> dict:
    data = copy.deepcopy(DATA)
    entry = data["rules"][rule_id]
    for key, value in changes.items():
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    return data


def deadlines_with(monkeypatch, data: dict) -> dict[str, date | None]:
    """The ladder's deadlines for a defect received on 28 September 2026, under `data`."""
    parsed = parse_rules(data)
    monkeypatch.setattr(rules, "_load", lambda: parsed)
    case = Case(
        problem=Problem.DEFECT, purchase_date=date(2026, 9, 20), received_date=date(2026, 9, 28)
    )
    found = ladder.case_deadlines(case, [], WorkCalendar(), date(2026, 9, 29))
    return {deadline.code: deadline.due for deadline in found}


@pytest.mark.parametrize(
    ("changes", "no_reason_return_due"),
    [
        ({}, date(2026, 10, 5)),  # the file as it is: the 168 hours do not move
        ({"roll_forward": None}, date(2026, 10, 8)),  # period_counting's default: moved
        ({"roll_forward": True}, date(2026, 10, 8)),
        ({"unit": "working_days", "roll_forward": None}, date(2026, 10, 13)),
        ({"days": 3}, date(2026, 10, 1)),
    ],
)
def test_the_ladder_counts_the_return_window_as_the_file_says(
    monkeypatch, changes, no_reason_return_due
):
    deadlines = deadlines_with(monkeypatch, edited("no_reason_return", **changes))
    assert deadlines["no_reason_return"] == no_reason_return_due


def test_the_default_roll_forward_comes_from_period_counting(monkeypatch):
    data = edited("period_counting", roll_forward=False)
    deadlines = deadlines_with(monkeypatch, data)
    assert deadlines["quality_return"] == date(2026, 10, 5)  # no longer moved past the holiday
    assert deadlines_with(monkeypatch, DATA)["quality_return"] == date(2026, 10, 8)


@pytest.mark.parametrize(
    ("rule_id", "changes", "says"),
    [
        ("quality_return", {"law": "xiaofa"}, "unknown keys"),
        ("quality_return", {"weeks": 1}, "unknown keys"),
        ("quality_return", {"unit": "fortnights"}, "unknown unit"),
        ("quality_return", {"unit": None}, "needs its unit"),
        ("quality_return", {"unit": "years"}, "`years`"),
        ("limitation", {"unit": "calendar_days"}, "`days`"),
        ("quality_return", {"roll_forward": "yes"}, "true or false"),
        ("complaint_acceptance", {"roll_forward": True}, "means nothing"),
        ("fraud_compensation", {"roll_forward": False}, "needs its unit"),
        ("limitation", {"source": ["nowhere"]}, "unknown sources"),
        ("limitation", {"confidence": "sure"}, "confidence"),
        ("limitation", {"summary": None}, "missing"),
    ],
)
def test_the_loader_refuses_what_the_code_would_not_read(rule_id, changes, says):
    with pytest.raises(RulesError, match=says):
        parse_rules(edited(rule_id, **changes))


def test_the_file_as_it_is_loads():
    loaded, holidays = parse_rules(DATA)
    assert loaded.keys() == DATA["rules"].keys()
    assert (10, 1) in {(entry["month"], entry["day"]) for entry in holidays}
