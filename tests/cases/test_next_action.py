"""What the case page offers first (cases.next_action): pure functions over the ladder's
choices, checked table by table without a database."""

import pytest

from cases import next_action
from cases.models import LOGGABLE_EVENT_KINDS, STAGE_ORDER, EventKind, Stage


@pytest.mark.parametrize(
    ("stage", "kind"),
    [
        (Stage.EVIDENCE, EventKind.MERCHANT_REPLY),
        (Stage.MERCHANT, EventKind.MERCHANT_REPLY),
        (Stage.PLATFORM, EventKind.PLATFORM_DECISION),
        (Stage.PLATFORM_INTERVENTION, EventKind.PLATFORM_DECISION),
        (Stage.CONSUMER_AUTHORITY, EventKind.COMPLAINT_12315),
        (Stage.REGULATOR, EventKind.REGULATOR_REPORT),
        (Stage.LAWSUIT, EventKind.COURT_FILING),
        ("moon", EventKind.NOTE),  # a rung nobody knows opens on a note
    ],
)
def test_the_form_opens_on_the_entry_the_rung_waits_for(stage, kind):
    assert next_action.expected_entry(stage) == kind


def test_every_rung_waits_for_an_entry_a_person_can_log():
    assert set(next_action.EXPECTED_ENTRY) == set(STAGE_ORDER)
    assert set(next_action.EXPECTED_ENTRY.values()) <= set(LOGGABLE_EVENT_KINDS)
    assert set(next_action.LEADS_TO) <= set(LOGGABLE_EVENT_KINDS)


@pytest.mark.parametrize(
    ("kind", "stage", "moves_to"),
    [
        # a message to the merchant starts the negotiation
        (EventKind.MERCHANT_MESSAGE, Stage.EVIDENCE, Stage.MERCHANT),
        (EventKind.MERCHANT_MESSAGE, Stage.MERCHANT, None),  # already there
        (EventKind.MERCHANT_MESSAGE, Stage.PLATFORM, None),  # never down the ladder
        # the merchant's answer (or refusal) sends the consumer to the platform
        (EventKind.MERCHANT_REPLY, Stage.EVIDENCE, Stage.PLATFORM),
        (EventKind.MERCHANT_REPLY, Stage.MERCHANT, Stage.PLATFORM),
        (EventKind.PLATFORM_REQUEST, Stage.MERCHANT, Stage.PLATFORM),
        (EventKind.PLATFORM_REQUEST, Stage.PLATFORM, None),
        # the platform's last word, whichever of its rungs it came from: 12315 next
        (EventKind.PLATFORM_DECISION, Stage.PLATFORM, Stage.CONSUMER_AUTHORITY),
        (EventKind.PLATFORM_DECISION, Stage.PLATFORM_INTERVENTION, Stage.CONSUMER_AUTHORITY),
        (EventKind.PLATFORM_DECISION, Stage.REGULATOR, None),
        # a filed complaint, report or lawsuit puts the case on that rung
        (EventKind.COMPLAINT_12315, Stage.MERCHANT, Stage.CONSUMER_AUTHORITY),
        (EventKind.COMPLAINT_12315, Stage.CONSUMER_AUTHORITY, None),
        (EventKind.REGULATOR_REPORT, Stage.CONSUMER_AUTHORITY, Stage.REGULATOR),
        (EventKind.COURT_FILING, Stage.REGULATOR, Stage.LAWSUIT),
        (EventKind.COURT_FILING, Stage.LAWSUIT, None),
        # calls and notes decide nothing
        (EventKind.PHONE_CALL, Stage.EVIDENCE, None),
        (EventKind.PHONE_CALL, Stage.PLATFORM, None),
        (EventKind.NOTE, Stage.EVIDENCE, None),
    ],
)
def test_where_logging_an_entry_leads(kind, stage, moves_to):
    assert next_action.move_after(kind, stage) == moves_to


def test_an_entry_never_moves_a_case_down_or_sideways():
    for kind in LOGGABLE_EVENT_KINDS:
        for stage in STAGE_ORDER:
            target = next_action.move_after(kind, stage)
            if target is not None:
                assert STAGE_ORDER.index(target) > STAGE_ORDER.index(stage), (kind, stage)


@pytest.mark.parametrize(
    ("stage", "after"),
    [
        (Stage.EVIDENCE, Stage.MERCHANT),
        (Stage.MERCHANT, Stage.PLATFORM),
        (Stage.PLATFORM, Stage.PLATFORM_INTERVENTION),
        (Stage.PLATFORM_INTERVENTION, Stage.CONSUMER_AUTHORITY),
        (Stage.CONSUMER_AUTHORITY, Stage.REGULATOR),
        (Stage.REGULATOR, Stage.LAWSUIT),
        (Stage.LAWSUIT, None),  # the top of the ladder
    ],
)
def test_the_next_rung(stage, after):
    assert next_action.next_rung(stage) == after


@pytest.mark.parametrize("current", [*next_action.CHIP_ORDER])
def test_the_chips_start_with_the_current_kind_and_offer_every_kind_once(current):
    chips = next_action.chips(current)
    assert chips[0] == current
    assert sorted(chips) == sorted(next_action.CHIP_ORDER)
    # after the current one, the ladder's order
    assert chips[1:] == [kind for kind in next_action.CHIP_ORDER if kind != current]


def test_the_chips_offer_every_kind_a_person_can_log():
    assert set(next_action.CHIP_ORDER) == set(LOGGABLE_EVENT_KINDS)


@pytest.mark.parametrize(
    ("newest_first", "undoable"),
    [
        ([], None),
        ([(EventKind.STAGE_CHANGE, 7)], 7),
        ([(EventKind.STAGE_CHANGE, 9), (EventKind.STAGE_CHANGE, 7)], 9),
        ([(EventKind.STAGE_CHANGE, 9), (EventKind.PHONE_CALL, 8)], 9),
        # something was logged after the change: it is no longer the last thing done
        ([(EventKind.PHONE_CALL, 8), (EventKind.STAGE_CHANGE, 7)], None),
        ([(EventKind.REOPENED, 8), (EventKind.STAGE_CHANGE, 7)], None),
    ],
)
def test_only_a_stage_change_that_is_the_newest_entry_offers_undo(newest_first, undoable):
    assert next_action.last_stage_change(iter(newest_first)) == undoable
