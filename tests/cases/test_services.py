from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, EventKind, Outcome, Stage
from tests.factories import CaseFactory, add_call, platform

pytestmark = pytest.mark.django_db


def test_case_gets_a_yearly_human_reference():
    # when
    first = CaseFactory()
    second = CaseFactory()
    # then
    year = timezone.localdate().year
    assert first.reference == f"WQ-{year}-000001"
    assert second.reference == f"WQ-{year}-000002"


def test_reference_of_a_deleted_case_is_never_reused():
    first = CaseFactory()
    first.delete()
    assert CaseFactory().reference.endswith("-000002")


def test_references_restart_each_year(time_machine):
    time_machine.move_to("2026-12-31 23:00:00+08:00")
    assert CaseFactory().reference == "WQ-2026-000001"
    time_machine.move_to("2027-01-01 00:30:00+08:00")
    assert CaseFactory().reference == "WQ-2027-000001"


def test_new_case_starts_on_the_evidence_rung():
    case = CaseFactory()
    assert case.stage == Stage.EVIDENCE
    assert not case.is_closed


def test_database_refuses_a_non_positive_amount():
    case = CaseFactory()
    with pytest.raises(IntegrityError):
        Case.objects.filter(pk=case.pk).update(amount_paid=Decimal("0"))


def test_add_phone_call_keeps_only_the_facts_of_a_call():
    case = CaseFactory()
    # when
    event = add_call(
        case,
        number_dialled="02153395288",
        agent_id="PDD-0731",
        promise="三个工作日内回复",
        promised_by=date(2026, 12, 1),
        complaint_number="should be dropped",
    )
    # then
    assert event.data == {
        "number_dialled": "02153395288",
        "agent_id": "PDD-0731",
        "promise": "三个工作日内回复",
        "promised_by": "2026-12-01",
    }


def test_adding_an_event_moves_the_case_to_the_top_of_recent_activity():
    older, newer = CaseFactory(), CaseFactory()
    owner = older.owner
    Case.objects.filter(pk=newer.pk).update(owner=owner)
    add_call(older)
    from cases.selectors import cases_for_owner

    assert list(cases_for_owner(owner=owner)) == [older, newer]


def test_editing_an_event_keeps_the_earlier_text():
    case = CaseFactory()
    event = add_call(case, agent_id="A1", summary="说会退款")
    happened = event.happened_at
    # when
    services.case_event_edit(
        event=event, actor=case.owner, happened_at=happened, summary="说48小时内退款", agent_id="A1"
    )
    # then
    event.refresh_from_db()
    assert event.summary == "说48小时内退款"
    assert event.edited_at is not None
    [revision] = event.revisions.all()
    assert revision.summary == "说会退款"
    assert revision.data == {"agent_id": "A1"}


def test_an_edit_that_changes_nothing_writes_no_revision():
    case = CaseFactory()
    event = add_call(case, summary="同样")
    services.case_event_edit(
        event=event, actor=case.owner, happened_at=event.happened_at, summary="同样"
    )
    assert event.revisions.count() == 0
    assert event.edited_at is None


def test_deleting_an_event_hides_it_but_keeps_the_row():
    case = CaseFactory()
    event = add_call(case)
    services.case_event_hide(event=event, actor=case.owner)
    from cases.selectors import case_timeline

    assert list(case_timeline(case=case)) == []
    assert CaseEvent.objects.get(pk=event.pk).hidden_by == case.owner


def test_moving_stage_records_from_and_to():
    case = CaseFactory()
    event = services.case_move_stage(
        case=case, stage=Stage.PLATFORM, actor=case.owner, note="商家不理"
    )
    case.refresh_from_db()
    assert case.stage == Stage.PLATFORM
    assert event.kind == EventKind.STAGE_CHANGE
    assert event.data == {"from_stage": "evidence", "to_stage": "platform"}
    assert event.summary == "商家不理"


def test_moving_to_the_same_stage_records_nothing():
    case = CaseFactory()
    assert services.case_move_stage(case=case, stage=Stage.EVIDENCE, actor=case.owner) is None
    assert case.events.count() == 0


def test_closing_records_the_outcome_and_freezes_the_timeline():
    case = CaseFactory()
    services.case_close(
        case=case, outcome=Outcome.REFUNDED, closed_on=timezone.localdate(), actor=case.owner
    )
    case.refresh_from_db()
    assert case.is_closed and case.outcome == Outcome.REFUNDED
    assert case.events.get().kind == EventKind.OUTCOME
    with pytest.raises(services.CaseClosedError):
        add_call(case)
    with pytest.raises(services.CaseClosedError):
        services.case_move_stage(case=case, stage=Stage.LAWSUIT, actor=case.owner)


def test_reopening_clears_the_outcome_and_says_what_it_was():
    case = CaseFactory()
    services.case_close(
        case=case, outcome=Outcome.LOST, closed_on=timezone.localdate(), actor=case.owner
    )
    event = services.case_reopen(case=case, actor=case.owner)
    case.refresh_from_db()
    assert not case.is_closed and case.outcome == ""
    assert event.kind == EventKind.REOPENED
    assert event.data == {"previous_outcome": "lost"}
    add_call(case)  # the timeline is open again


def test_stage_changes_and_outcomes_cannot_be_edited_or_deleted():
    case = CaseFactory()
    event = services.case_move_stage(case=case, stage=Stage.MERCHANT, actor=case.owner)
    with pytest.raises(ValueError):
        services.case_event_hide(event=event, actor=case.owner)
    with pytest.raises(ValueError):
        services.case_event_edit(
            event=event, actor=case.owner, happened_at=event.happened_at, summary="x"
        )


def test_case_update_refuses_fields_that_are_not_facts():
    case = CaseFactory()
    with pytest.raises(ValueError):
        services.case_update(case=case, stage=Stage.LAWSUIT)
    services.case_update(case=case, platform=platform("tmall"), shop_name="新店名")
    case.refresh_from_db()
    assert case.shop_name == "新店名" and case.platform.slug == "tmall"
