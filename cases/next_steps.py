"""Next steps that read the timeline: what was done changes what is suggested next.

`ladder.guidance_for` knows the rung; this module adds what the entries say, for the
consumer's page and the advisors' workspace alike (both take their overview's guidance from
here):

- a ticket already filed: the after-sales step follows it up instead of asking the consumer
  to file one and note its number;
- a promise that passed unanswered (cases.overdue): escalate, the next rung's steps first,
  saying which promise lapsed;
- a refusal logged on the current rung (the merchant's or the platform's answer saying no):
  the next channel, the next rung's steps first, saying so;
(The after-sales reason to choose matches the problem in `ladder` itself, for every page.)

Pure: no queries; the caller hands in the visible entries and the overdue deadlines.
"""

from collections.abc import Mapping, Sequence
from dataclasses import replace

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import ladder
from .events import TICKET_NUMBER
from .models import STAGE_ORDER, CaseEvent, EventKind, Stage
from .next_action import LEADS_TO, next_rung
from .overdue import Overdue

# The answers that can say no on a rung, and the words that mark a no in them (the one-tap
# phrases of cases.events say 拒绝, 不支持, 不同意; people also write 不退, 驳回, 不予).
ANSWER_KINDS = {EventKind.MERCHANT_REPLY, EventKind.PLATFORM_DECISION, EventKind.PHONE_CALL}
REFUSAL_WORDS = ("拒绝", "不支持", "不同意", "不退", "驳回", "不予", "不给")
# The rungs on which a refusal sends the consumer to the next channel.
REFUSAL_RUNGS = {Stage.EVIDENCE, Stage.MERCHANT, Stage.PLATFORM, Stage.PLATFORM_INTERVENTION}


def filed_ticket(events: Sequence[CaseEvent]) -> str:
    """The newest after-sales or ticket number on the timeline, or ""."""
    for event in sorted(events, key=lambda e: e.happened_at, reverse=True):
        number = event.data.get(TICKET_NUMBER.key)
        if number:
            return str(number)
    return ""


def _reached_rung_at(events: Sequence[CaseEvent], stage: str):
    """When the case last moved onto its rung (None: it started there)."""
    moves = [
        e.happened_at
        for e in events
        if e.kind == EventKind.STAGE_CHANGE and e.data.get("to_stage") == stage
    ]
    return max(moves, default=None)


def refusal_on_rung(events: Sequence[CaseEvent], stage: str) -> CaseEvent | None:
    """The newest answer logged since the case reached its rung that says no."""
    if stage not in REFUSAL_RUNGS:
        return None
    since = _reached_rung_at(events, stage)
    for event in sorted(events, key=lambda e: e.happened_at, reverse=True):
        if since is not None and event.happened_at < since:
            break
        if event.kind in ANSWER_KINDS and any(word in event.summary for word in REFUSAL_WORDS):
            return event
    return None


def _entry_of(events: Sequence[CaseEvent], code: str) -> CaseEvent | None:
    return next((event for event in events if f"promise-{event.pk}" == code), None)


def _escalate_to(stage: str, kind: str) -> str | None:
    """The rung to go to after a refusal or a lapsed promise in an entry of `kind`: where
    that entry leads (a merchant's no leads to the platform, the platform's to 12315), and
    at least the next rung."""
    candidates = [rung for rung in (next_rung(stage), LEADS_TO.get(kind)) if rung is not None]
    if not candidates:
        return None
    return max(candidates, key=STAGE_ORDER.index)


def _after_sales(step: ladder.Step, ticket: str) -> ladder.Step:
    if not ticket:
        return step
    return replace(
        step,
        code="after_sales_follow_up",
        title=_("Follow up after-sales request %(ticket)s") % {"ticket": ticket},
        action=_(
            "It is filed: do not file another. Ask for the decision in the request's own "
            "chat and log what they answer; if the merchant refuses or lets a promised "
            "date pass, ask the platform to intervene."
        ),
        letter="",
    )


def _because(step: ladder.Step, why: str) -> ladder.Step:
    return replace(step, action=f"{why} {step.action}")


def guidance_from_timeline(
    case,
    channels: Mapping[str, Sequence],
    events: Sequence[CaseEvent],
    overdue: Sequence[Overdue],
) -> ladder.Guidance:
    """The rung's guidance (`ladder.guidance_for`) adjusted to what the timeline holds."""
    visible = [event for event in events if event.hidden_at is None]
    ticket = filed_ticket(visible)
    guidance = ladder.guidance_for(case, channels)
    why = ""
    lapsed = next((item for item in overdue if item.code.startswith("promise-")), None)
    refusal = refusal_on_rung(visible, case.stage)
    if lapsed is not None:
        why = str(
            _("%(deadline)s was due on %(due)s and nothing came: escalate.")
            % {"deadline": lapsed.title, "due": f"{lapsed.due:%Y-%m-%d}"}
        )
    elif refusal is not None:
        why = str(
            _("Refused on %(day)s: go to the next channel.")
            % {"day": f"{timezone.localdate(refusal.happened_at):%Y-%m-%d}"}
        )
    answered = refusal if lapsed is None else _entry_of(visible, lapsed.code)
    upward = _escalate_to(case.stage, answered.kind if answered is not None else "")
    if why and upward is not None:
        ahead = ladder.guidance_for(case, channels, stage=upward)
        steps = [_because(ahead.steps[0], why), *ahead.steps[1:]] if ahead.steps else []
        guidance = ladder.Guidance(steps=steps or guidance.steps, then=ahead.then)

    def adjusted(step: ladder.Step | None) -> ladder.Step | None:
        if step is not None and step.code == "after_sales":
            return _after_sales(step, ticket)
        return step

    return ladder.Guidance(
        steps=[adjusted(step) for step in guidance.steps],  # type: ignore[misc]
        then=adjusted(guidance.then),
    )
