"""Which deadlines that passed still need someone, and so which deadline a case waits on.

A deadline that passed stays overdue until the timeline answers it or a volunteer dismisses
it with a reason: recomputing the deadlines after an unrelated entry (a platform decision
logged after its promise had lapsed) must never make an overdue case look on time. What
answers a deadline is a matter of following the case, not of law, so it is decided here
over the deadlines `ladder.case_deadlines` computes from rules.yaml:

- a promise (promise-<entry id>) is answered by a later entry carrying a new promise (the
  other side promised again: that promise is the one to watch), or by the case moving up
  the ladder after the promise was made (it was broken and the consumer escalated);
- a statutory period is answered by the entry that uses it (ANSWERED_BY: a return asked
  for, a lawsuit filed), by the case moving up after it ended, or by the case standing
  past the rung where it mattered (SETTLED_PAST);
- any of them by a volunteer's dismissal (an entry of its own, with the reason) of that
  deadline as due on that day: a deadline that moves (a new complaint) is watched again.

A statutory period that had already ended before the case was opened is not overdue: it
passed before anyone could follow it. A promise is, even one logged late: it was made.

Pure: no queries; the caller hands in the deadlines and the visible entries.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from .events import DEADLINE_CODE, DEADLINE_DUE, PROMISED_BY, TO_STAGE
from .ladder import Deadline
from .models import STAGE_ORDER, CaseEvent, EventKind, Stage

# The entries that use a statutory period, by the deadline's code.
ANSWERED_BY: dict[str, frozenset[str]] = {
    "no_reason_return": frozenset({EventKind.MERCHANT_MESSAGE, EventKind.PLATFORM_REQUEST}),
    "quality_return": frozenset({EventKind.MERCHANT_MESSAGE, EventKind.PLATFORM_REQUEST}),
    "complaint_acceptance": frozenset({EventKind.REGULATOR_REPORT, EventKind.COURT_FILING}),
    "mediation_period": frozenset({EventKind.REGULATOR_REPORT, EventKind.COURT_FILING}),
    "limitation": frozenset({EventKind.COURT_FILING}),
    "complaint_cutoff": frozenset({EventKind.COMPLAINT_12315, EventKind.COURT_FILING}),
}
# The last rung on which a period matters: a case standing above it has moved on.
SETTLED_PAST: dict[str, str] = {
    "no_reason_return": Stage.PLATFORM_INTERVENTION,
    "quality_return": Stage.PLATFORM_INTERVENTION,
    "complaint_acceptance": Stage.CONSUMER_AUTHORITY,
    "mediation_period": Stage.CONSUMER_AUTHORITY,
}


@dataclass(frozen=True)
class Overdue:
    code: str
    title: str
    due: date
    days: int  # how many days ago it was due


def _family(code: str) -> str:
    return code.split("-", 1)[0]


def _moved_up_after(events: Sequence[CaseEvent], moment: datetime) -> bool:
    """A stage change up the ladder after `moment`."""
    for event in events:
        if event.kind != EventKind.STAGE_CHANGE or event.happened_at <= moment:
            continue
        before, after = event.data.get("from_stage"), event.data.get(TO_STAGE.key)
        known = before in STAGE_ORDER and after in STAGE_ORDER
        if known and STAGE_ORDER.index(after) > STAGE_ORDER.index(before):
            return True
    return False


def _dismissed(events: Sequence[CaseEvent]) -> set[tuple[str, str]]:
    return {
        (event.data.get(DEADLINE_CODE.key, ""), event.data.get(DEADLINE_DUE.key, ""))
        for event in events
        if event.kind == EventKind.DEADLINE_DISMISSED
    }


def _answered(deadline: Deadline, events: Sequence[CaseEvent], stage: str) -> bool:
    family = _family(deadline.code)
    if family == "promise":
        made = next((e for e in events if f"promise-{e.pk}" == deadline.code), None)
        if made is None:
            return True  # the entry is gone: nothing is promised any more
        later = [e for e in events if e.pk != made.pk and e.happened_at > made.happened_at]
        if any(event.data.get(PROMISED_BY.key) for event in later):
            return True
        return _moved_up_after(events, made.happened_at)
    if any(event.kind in ANSWERED_BY.get(family, ()) for event in events):
        return True
    settled_past = SETTLED_PAST.get(family)
    if settled_past and STAGE_ORDER.index(stage) > STAGE_ORDER.index(settled_past):
        return True
    if deadline.due is None:
        return False
    end = timezone.make_aware(datetime.combine(deadline.due, datetime.max.time()))
    return _moved_up_after(events, end)


def overdue_deadlines(
    *,
    deadlines: Iterable[Deadline],
    events: Sequence[CaseEvent],
    stage: str,
    opened_on: date,
    today: date,
) -> list[Overdue]:
    """The deadlines that passed and still wait for an answer, the longest overdue first."""
    visible = [event for event in events if event.hidden_at is None]
    dismissed = _dismissed(visible)
    found = []
    for deadline in deadlines:
        if deadline.due is None or deadline.due >= today:
            continue
        if _family(deadline.code) != "promise" and deadline.due < opened_on:
            continue
        if (deadline.code, deadline.due.isoformat()) in dismissed:
            continue
        if _answered(deadline, visible, stage):
            continue
        found.append(
            Overdue(deadline.code, str(deadline.title), deadline.due, (today - deadline.due).days)
        )
    return sorted(found, key=lambda item: (item.due, item.code))


def deadline_to_watch(
    *, overdue: Sequence[Overdue], ahead: Iterable[tuple[date, str]]
) -> tuple[date | None, str]:
    """The day and name a case's list row and overdue filter go by: the longest overdue
    deadline still unanswered, else the earliest one ahead (given as (day, name))."""
    if overdue:
        return overdue[0].due, overdue[0].title
    return min(ahead, default=(None, ""))
