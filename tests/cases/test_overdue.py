"""A deadline that passed stays overdue until an entry answers it or a volunteer dismisses it
(cases.overdue, kept on the case by reminders_sync)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, EventKind, Problem, Stage
from cases.selectors import case_overdue
from tests.factories import CaseFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def start(time_machine):
    """30 November 2026, a Monday: the case is opened and the platform promises a reply by
    Wednesday."""
    time_machine.move_to(at(date(2026, 11, 30)), tick=False)
    return time_machine


@pytest.fixture
def promised(start):
    case = CaseFactory(problem=Problem.NOT_DELIVERED, purchase_date=date(2026, 11, 20))
    services.case_move_stage(
        case=case, stage=Stage.PLATFORM, actor=case.owner, happened_at=at(date(2026, 11, 30), 8)
    )
    event = services.case_add_event(
        case=case,
        kind=EventKind.PHONE_CALL,
        happened_at=at(date(2026, 11, 30), 9),
        actor=case.owner,
        summary="客服说三天内回复",
        promise="平台承诺回复",
        promised_by=date(2026, 12, 2),
    )
    return case, event


def stored(case: Case) -> tuple[date | None, str]:
    case = Case.objects.get(pk=case.pk)
    return case.next_deadline_on, case.next_deadline_name


def test_a_promise_ahead_is_the_next_deadline_with_its_name(promised):
    case, _ = promised
    day, name = stored(case)
    assert day == date(2026, 12, 2)
    assert "平台承诺回复" in name


def test_an_unrelated_entry_after_the_promise_passed_keeps_the_case_overdue(promised, start):
    # given: the promise passed unkept
    case, event = promised
    start.move_to(at(date(2026, 12, 7)), tick=False)
    # when: the consumer logs the platform's decision (no new promise, no move up)
    services.case_add_event(
        case=case,
        kind=EventKind.PLATFORM_DECISION,
        happened_at=at(date(2026, 12, 7), 9),
        actor=case.owner,
        summary="平台判定不支持退款",
    )
    # then: the case still waits on the promise, not on a deadline in 2029
    day, name = stored(case)
    assert day == date(2026, 12, 2)
    assert "平台承诺回复" in name
    [late] = case_overdue(case=case)
    assert (late.code, late.days) == (f"promise-{event.pk}", 5)


def test_moving_up_the_ladder_answers_a_broken_promise(promised, start):
    case, _ = promised
    start.move_to(at(date(2026, 12, 7)), tick=False)
    services.case_move_stage(case=case, stage=Stage.CONSUMER_AUTHORITY, actor=case.owner)
    assert case_overdue(case=case) == []
    day, _name = stored(case)
    assert day is None or day > date(2026, 12, 7)


def test_a_new_promise_replaces_the_one_that_passed(promised, start):
    case, _ = promised
    start.move_to(at(date(2026, 12, 7)), tick=False)
    services.case_add_event(
        case=case,
        kind=EventKind.PHONE_CALL,
        happened_at=at(date(2026, 12, 7), 9),
        actor=case.owner,
        summary="客服再次承诺",
        promise="平台承诺退款",
        promised_by=date(2026, 12, 9),
    )
    assert case_overdue(case=case) == []
    day, name = stored(case)
    assert day == date(2026, 12, 9)
    assert "平台承诺退款" in name


def test_a_dismissal_needs_a_reason_and_is_an_entry_on_the_timeline(promised, start):
    case, event = promised
    start.move_to(at(date(2026, 12, 7)), tick=False)
    services.case_add_event(
        case=case, kind=EventKind.NOTE, happened_at=timezone.now(), actor=case.owner, summary="x"
    )
    volunteer = UserFactory()
    with pytest.raises(ValueError):
        services.case_deadline_dismiss(
            case=case, code=f"promise-{event.pk}", reason="  ", actor=volunteer
        )
    dismissal = services.case_deadline_dismiss(
        case=case, code=f"promise-{event.pk}", reason="消费者来电：已退款", actor=volunteer
    )
    assert dismissal.kind == EventKind.DEADLINE_DISMISSED
    assert dismissal.actor == volunteer
    assert dismissal.summary == "消费者来电：已退款"
    assert dismissal.data["deadline_due"] == "2026-12-02"
    assert case_overdue(case=case) == []
    day, _name = stored(case)
    assert day is None or day > date(2026, 12, 7)
    # a system entry: nobody edits or deletes it
    with pytest.raises(ValueError):
        services.case_event_hide(event=dismissal, actor=case.owner)


def test_only_an_overdue_deadline_can_be_dismissed(promised):
    case, event = promised  # the promise is still ahead
    with pytest.raises(services.NotOverdueError):
        services.case_deadline_dismiss(
            case=case, code=f"promise-{event.pk}", reason="不需要了", actor=UserFactory()
        )
    with pytest.raises(services.NotOverdueError):
        services.case_deadline_dismiss(
            case=case, code="limitation", reason="不需要了", actor=UserFactory()
        )


def test_a_return_window_that_ended_before_the_case_was_opened_is_not_overdue(start):
    case = CaseFactory(
        problem=Problem.DEFECT,
        purchase_date=date(2026, 11, 1),
        received_date=date(2026, 11, 3),
    )
    assert case_overdue(case=case) == []
    day, _name = stored(case)
    assert day is not None and day > date(2026, 11, 30)


def test_a_return_window_missed_while_the_case_was_open_stays_until_asked_for(start):
    # given: received on Saturday, the 7-day window closes 5 December
    case = CaseFactory(
        problem=Problem.DEFECT,
        purchase_date=date(2026, 11, 25),
        received_date=date(2026, 11, 28),
    )
    start.move_to(at(date(2026, 12, 8)), tick=False)
    services.case_add_event(
        case=case, kind=EventKind.NOTE, happened_at=timezone.now(), actor=case.owner, summary="x"
    )
    codes = [item.code for item in case_overdue(case=case)]
    assert codes[0] == "no_reason_return"
    assert stored(case)[0] == date(2026, 12, 5)
    # when: the return is asked for on the platform
    services.case_add_event(
        case=case,
        kind=EventKind.PLATFORM_REQUEST,
        happened_at=timezone.now(),
        actor=case.owner,
        summary="已申请退货退款",
        ticket_number="SH-1",
    )
    assert case_overdue(case=case) == []


def test_closing_the_case_clears_what_was_overdue(promised, start):
    case, _ = promised
    start.move_to(at(date(2026, 12, 7)), tick=False)
    services.case_close(
        case=case, outcome="refunded", closed_on=date(2026, 12, 7), actor=case.owner
    )
    assert case_overdue(case=case) == []
    assert stored(case) == (None, "")


def test_an_overdue_deadline_shows_how_many_days_and_which(promised, start):
    case, _ = promised
    start.move_to(at(date(2026, 12, 2) + timedelta(days=10)), tick=False)
    [late] = case_overdue(case=case)
    assert late.days == 10
    assert "平台承诺回复" in late.title
