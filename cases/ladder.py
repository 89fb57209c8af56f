"""The escalation ladder as guidance computed from a case: next steps and deadlines.

Pure functions over a case, its timeline and directory entries handed in by the caller; no
queries here. Steps name the channel to use (from the platform directory), the evidence to
have first (evidence kind codes the evidence app resolves), what to say, and the law behind
it. Deadlines come from `deadlines` with the parameters of `rules`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .compensation import QUALITY_PROBLEMS
from .deadlines import Due, WorkCalendar, period_end
from .events import PROMISE, PROMISED_BY
from .models import STAGE_ORDER, Case, CaseEvent, EventKind, Problem, Stage
from .rules import Rule, rule

# Events in which the consumer demanded performance: each restarts the limitation period
# (民法典 Art. 195).
DEMAND_EVENTS = {
    EventKind.MERCHANT_MESSAGE,
    EventKind.PLATFORM_REQUEST,
    EventKind.COMPLAINT_12315,
    EventKind.COURT_FILING,
}
ILLEGAL_CONDUCT = {Problem.COUNTERFEIT, Problem.UNSAFE_FOOD}
# The reason to pick in the platform's after-sales form, by problem: no counterfeit hint on
# a parcel that never came.
AFTER_SALES_REASON: Mapping[str, object] = {
    Problem.COUNTERFEIT: _("for fakes: counterfeit brand"),
    Problem.DEFECT: _("for a faulty item: quality problem"),
    Problem.NOT_AS_DESCRIBED: _("for an item unlike its listing: not as described"),
    Problem.REFUND_REFUSED: _("the one that matches why you asked for the refund"),
    Problem.NOT_DELIVERED: _("for a parcel that never came: not received"),
    Problem.UNSAFE_FOOD: _("for expired or unsafe food: food safety problem"),
    Problem.AUTO_RENEWAL: _("for a renewal you did not agree to: charged without consent"),
    Problem.OTHER: _("the one closest to what happened"),
}
# The directory entries of the authorities the steps point to, besides the case's platform.
LADDER_DIRECTORY = ("12315", "xiaoxiehui", "samr", "court")


def directory_slugs(case: Case) -> tuple[str, ...]:
    """The directory entries whose channels the steps of this case may name."""
    return (case.platform.slug, *LADDER_DIRECTORY)


@dataclass(frozen=True)
class Step:
    code: str
    stage: str
    title: object
    action: object
    channels: tuple = ()
    evidence: tuple[str, ...] = ()
    script: str = ""
    letter: str = ""
    basis: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Deadline:
    code: str
    title: object
    due: date | None
    basis: Rule | None = None
    provisional: bool = False
    needs: object = ""  # what date is missing when `due` cannot be computed
    note: object = ""

    def days_left(self, today: date) -> int | None:
        return None if self.due is None else (self.due - today).days


@dataclass
class Guidance:
    steps: list[Step] = field(default_factory=list)
    then: Step | None = None


def _consumer_channels(channels: Sequence, kinds: set[str] | None = None) -> tuple:
    return tuple(
        channel
        for channel in channels
        if channel.audience == "consumers" and (kinds is None or channel.kind in kinds)
    )


def _wants_text(case: Case) -> str:
    return "、".join(case.get_wants_display()) or "退款"


def merchant_script(case: Case) -> str:
    """A first message to the merchant, in Chinese whatever the interface language."""
    order = f"（订单号 {case.order_number}）" if case.order_number else ""
    return (
        f"您好，我于{case.purchase_date:%Y年%m月%d日}在贵店购买的“{case.product}”{order}"
        f"存在问题：{case.get_problem_display()}。我要求{_wants_text(case)}。"
        f"请在48小时内答复处理方案，否则我将申请平台介入并向12315投诉。"
    )


def _steps_for_stage(case: Case, stage: str, channels: Mapping[str, Sequence]) -> list[Step]:
    platform = channels.get(case.platform.slug, ())
    in_app = _consumer_channels(platform, {"app_path"})
    phones = _consumer_channels(platform, {"phone"})
    steps: list[Step] = []
    if stage == Stage.EVIDENCE:
        steps.append(
            Step(
                "keep_evidence",
                stage,
                _("Keep the evidence first"),
                _(
                    "Screenshot the order, the chat and the product page now, before the "
                    "merchant edits or deletes anything, and photograph or film the product. "
                    "Upload them to the evidence vault below."
                ),
                evidence=("order_screenshot", "chat_log", "product_page", "product_photo"),
            )
        )
    if stage in (Stage.EVIDENCE, Stage.MERCHANT):
        steps.append(
            Step(
                "contact_merchant",
                Stage.MERCHANT,
                _("Write to the merchant in the app's chat"),
                _(
                    "Write, do not call: a written demand is evidence and restarts the "
                    "limitation period. Give them a clear deadline."
                ),
                channels=in_app,
                evidence=("order_screenshot",),
                script=merchant_script(case),
                letter="merchant",
                basis=(rule("limitation"),),
            )
        )
    if stage in (Stage.MERCHANT, Stage.PLATFORM):
        steps.append(
            Step(
                "after_sales",
                Stage.PLATFORM,
                _("Apply for after-sales or complain on the platform"),
                _(
                    "Open the order and apply for a refund or return, choosing the reason that "
                    "fits (%(reason)s) and attaching your evidence. Note the after-sales number "
                    "on the timeline."
                )
                % {"reason": AFTER_SALES_REASON.get(case.problem, AFTER_SALES_REASON["other"])},
                channels=in_app,
                evidence=("order_screenshot", "chat_log", "product_photo"),
                letter="platform",
                basis=(rule("no_reason_return"), rule("quality_return")),
            )
        )
    if stage in (Stage.PLATFORM, Stage.PLATFORM_INTERVENTION):
        steps.append(
            Step(
                "platform_intervention",
                Stage.PLATFORM_INTERVENTION,
                _("Ask platform customer service to intervene"),
                _(
                    "When the merchant refuses, ask the platform to step in. If the online "
                    "service refuses, try another channel (the hotline). On every call, ask "
                    "for the agent ID and log what was promised and by when."
                ),
                channels=in_app + phones,
                evidence=("order_screenshot", "chat_log", "refund_request"),
                letter="platform",
                basis=(rule("seller_promise"),),
            )
        )
    if stage in (Stage.PLATFORM_INTERVENTION, Stage.CONSUMER_AUTHORITY):
        steps.append(
            Step(
                "complain_12315",
                Stage.CONSUMER_AUTHORITY,
                _("Complain to 12315"),
                _(
                    "File a complaint (投诉) on the national 12315 platform against the merchant "
                    "(and the platform if it failed you). The regulator must decide within 7 "
                    "working days whether it accepts the complaint, then mediates. You can also "
                    "ask your local consumer association (消协) to mediate."
                ),
                channels=tuple(channels.get("12315", ()))
                + _consumer_channels(channels.get("xiaoxiehui", ())),
                evidence=("order_screenshot", "chat_log", "refund_request"),
                letter="12315",
                basis=(rule("complaint_acceptance"), rule("mediation_period")),
            )
        )
    if stage in (Stage.CONSUMER_AUTHORITY, Stage.REGULATOR) and case.problem in ILLEGAL_CONDUCT:
        steps.append(
            Step(
                "report_regulator",
                Stage.REGULATOR,
                _("Report the merchant to market regulation"),
                _(
                    "A report (举报) asks the regulator to investigate and punish selling fakes "
                    "or unsafe food; it does not get you paid, so keep your complaint going too."
                ),
                channels=tuple(channels.get("12315", ())) + tuple(channels.get("samr", ())),
                evidence=("order_screenshot", "product_photo", "packaging_photo"),
                basis=(rule("complaint_acceptance"),),
            )
        )
    if stage in (Stage.CONSUMER_AUTHORITY, Stage.REGULATOR, Stage.LAWSUIT):
        steps.append(
            Step(
                "lawsuit",
                Stage.LAWSUIT,
                _("Sue the merchant"),
                _(
                    "If mediation fails, sue where the parcel was delivered or where the "
                    "merchant is; small claims are quick and cheap. A lawyer or legal aid can "
                    "help; weiquan prepares the complaint skeleton and your evidence list."
                ),
                channels=tuple(channels.get("court", ())),
                evidence=("order_screenshot", "payment_proof", "chat_log"),
                letter="court",
                basis=(rule("court_venue"), rule("limitation")),
            )
        )
    return [step for step in steps if step.stage == stage] or steps


def guidance_for(
    case: Case, channels: Mapping[str, Sequence], stage: str | None = None
) -> Guidance:
    """The steps of a rung (the case's own by default) and a look at the rung after it."""
    stage = stage or case.stage
    index = STAGE_ORDER.index(stage)
    steps = _steps_for_stage(case, stage, channels)
    then = None
    if index + 1 < len(STAGE_ORDER):
        following = _steps_for_stage(case, STAGE_ORDER[index + 1], channels)
        then = following[0] if following else None
    return Guidance(steps=steps, then=then)


def _after(start: date, basis: Rule, calendar: WorkCalendar) -> Due:
    """The end of the rule's period from `start`, counted as rules.yaml says."""
    if basis.period is None:
        raise ValueError(f"rule {basis.id} has no period in rules.yaml")
    return period_end(start, basis.period, calendar)


def _due(code: str, title, due: Due, basis: Rule | None, note="") -> Deadline:
    return Deadline(code, title, due.day, basis, due.provisional, note=note)


def case_deadlines(
    case: Case, events: Sequence[CaseEvent], calendar: WorkCalendar, today: date | None = None
) -> list[Deadline]:
    """Every date that matters for this case, soonest first; missing dates say what is needed."""
    today = today or timezone.localdate()
    deadlines: list[Deadline] = []
    visible = [event for event in events if event.hidden_at is None]
    received = case.received_date

    if case.problem != Problem.NOT_DELIVERED:
        return_rule = rule("no_reason_return")
        if received is None:
            deadlines.append(
                Deadline(
                    "no_reason_return",
                    _("7-day no-reason return"),
                    None,
                    return_rule,
                    needs=_("Add the date you received the parcel to see this deadline."),
                )
            )
        else:
            deadlines.append(
                _due(
                    "no_reason_return",
                    _("7-day no-reason return"),
                    _after(received, return_rule, calendar),
                    return_rule,
                    note=_(
                        "Platforms close the window 168 hours after the day of delivery: "
                        "apply early."
                    ),
                )
            )
            if case.problem in QUALITY_PROBLEMS:
                quality = rule("quality_return")
                deadlines.append(
                    _due(
                        "quality_return",
                        _("Return for a quality problem (no rule or contract term)"),
                        _after(received, quality, calendar),
                        quality,
                    )
                )

    for event in visible:
        promised_by = event.data.get(PROMISED_BY.key)
        if promised_by:
            deadlines.append(
                Deadline(
                    f"promise-{event.pk}",
                    _("Promised: %(promise)s")
                    % {"promise": event.data.get(PROMISE.key) or event.get_kind_display()},
                    date.fromisoformat(promised_by),
                    note=_("Logged on %(day)s")
                    % {"day": f"{timezone.localdate(event.happened_at):%Y-%m-%d}"},
                )
            )

    complaints = [event for event in visible if event.kind == EventKind.COMPLAINT_12315]
    if complaints:
        filed = timezone.localdate(max(event.happened_at for event in complaints))
        acceptance_rule = rule("complaint_acceptance")
        acceptance = _after(filed, acceptance_rule, calendar)
        deadlines.append(
            _due(
                "complaint_acceptance",
                _("12315 decides whether to accept"),
                acceptance,
                acceptance_rule,
            )
        )
        mediation_rule = rule("mediation_period")
        mediation = _after(acceptance.day, mediation_rule, calendar)
        deadlines.append(
            Deadline(
                "mediation_period",
                _("Mediation ends at the latest"),
                mediation.day,
                mediation_rule,
                acceptance.provisional or mediation.provisional,
                note=_("Counted from the latest acceptance date; appraisal time is not counted."),
            )
        )

    harm_known = received or case.purchase_date
    demands = [timezone.localdate(e.happened_at) for e in visible if e.kind in DEMAND_EVENTS]
    limitation_rule = rule("limitation")
    deadlines.append(
        _due(
            "limitation",
            _("Limitation period for a lawsuit"),
            _after(max([harm_known, *demands]), limitation_rule, calendar),
            limitation_rule,
            note=_("Restarts each time you demand performance in writing."),
        )
    )
    cutoff_rule = rule("complaint_cutoff")
    deadlines.append(
        _due(
            "complaint_cutoff",
            _("Last day to complain to the regulator"),
            _after(harm_known, cutoff_rule, calendar),
            cutoff_rule,
        )
    )
    return sorted(deadlines, key=lambda item: (item.due is None, item.due or date.max))
