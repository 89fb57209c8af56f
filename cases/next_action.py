"""What the case page offers first: the entry each rung expects and where logging it leads.

The case page answers "what do I do now?" before anything else. For each rung of the ladder
this module says which kind of timeline entry the contact form opens on (the one that rung
is waiting for), which kinds of entry decide a rung (logging one offers moving the case up in
the same tap) and to which rung. The steps themselves, with their channels, scripts and law,
stay in `ladder`; this is only the order of the buttons.

Pure: no queries, no Django models beyond the choices.
"""

from collections.abc import Iterable, Mapping

from .models import STAGE_ORDER, EventKind, Stage

# The entry each rung waits for: the contact form opens on it. While keeping evidence the
# consumer has usually already asked the merchant (that is how the dispute began), so what
# they have to log is the merchant's answer.
EXPECTED_ENTRY: Mapping[str, str] = {
    Stage.EVIDENCE: EventKind.MERCHANT_REPLY,
    Stage.MERCHANT: EventKind.MERCHANT_REPLY,
    Stage.PLATFORM: EventKind.PLATFORM_DECISION,
    Stage.PLATFORM_INTERVENTION: EventKind.PLATFORM_DECISION,
    Stage.CONSUMER_AUTHORITY: EventKind.COMPLAINT_12315,
    Stage.REGULATOR: EventKind.REGULATOR_REPORT,
    Stage.LAWSUIT: EventKind.COURT_FILING,
}

# Where an entry of a kind leads: a merchant who answered (or refused) sends the consumer to
# the platform; a platform decision, whether after an after-sales request or after its
# customer service stepped in, is the platform's last word, so the next rung is 12315; a
# filed complaint, report or lawsuit puts the case on that rung. Phone calls and notes
# decide nothing.
LEADS_TO: Mapping[str, str] = {
    EventKind.MERCHANT_MESSAGE: Stage.MERCHANT,
    EventKind.MERCHANT_REPLY: Stage.PLATFORM,
    EventKind.PLATFORM_REQUEST: Stage.PLATFORM,
    EventKind.PLATFORM_DECISION: Stage.CONSUMER_AUTHORITY,
    EventKind.COMPLAINT_12315: Stage.CONSUMER_AUTHORITY,
    EventKind.REGULATOR_REPORT: Stage.REGULATOR,
    EventKind.COURT_FILING: Stage.LAWSUIT,
}

# The order the kind chips are offered in: the expected kind first, then the ladder's order.
CHIP_ORDER: tuple[str, ...] = (
    EventKind.MERCHANT_MESSAGE,
    EventKind.MERCHANT_REPLY,
    EventKind.PLATFORM_REQUEST,
    EventKind.PLATFORM_DECISION,
    EventKind.PHONE_CALL,
    EventKind.COMPLAINT_12315,
    EventKind.REGULATOR_REPORT,
    EventKind.COURT_FILING,
    EventKind.NOTE,
)


def expected_entry(stage: str) -> str:
    """The kind of entry the contact form opens on at this rung."""
    return EXPECTED_ENTRY.get(stage, EventKind.NOTE)


def move_after(kind: str, stage: str) -> str | None:
    """The rung that logging an entry of `kind` at `stage` offers to move to, or None when
    it would not move the case up (the ladder is climbed, never descended, by an entry)."""
    target = LEADS_TO.get(kind)
    if target is None or STAGE_ORDER.index(target) <= STAGE_ORDER.index(stage):
        return None
    return target


def next_rung(stage: str) -> str | None:
    """The rung after this one, or None at the top of the ladder."""
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def chips(current: str) -> list[str]:
    """The kinds offered as one-tap choices above the contact form, the current one first."""
    return [current, *(kind for kind in CHIP_ORDER if kind != current)]


def last_stage_change(kinds_and_ids: Iterable[tuple[str, int]]) -> int | None:
    """The id of the newest entry if it is a stage change (it can then be undone in one
    tap); entries are given newest first."""
    for kind, event_id in kinds_and_ids:
        return event_id if kind == EventKind.STAGE_CHANGE else None
    return None
