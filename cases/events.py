"""The schema of timeline entries: which facts each kind of entry carries, declared once.

Everything that reads or writes an entry's facts is derived from this table: the event
form's optional fields and which kinds show them (forms.EventForm), the filter that keeps
only a kind's facts when an entry is stored (services), the labelled facts every page and
document prints (the `event_facts` tag on the case page and in the advisor workspace, the
dossier's timeline, the letters) and the consumer's data export (privacy). A fact added
here reaches all of them; none of them names a fact by hand.

The keys are the keys of `CaseEvent.data` as stored, so stored entries keep their meaning.
Pure: no queries.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.phones import format_number

from .models import EventKind, Outcome, Stage


class FactType(StrEnum):
    """What a fact is: decides its form field, how it is stored and how it is printed."""

    TEXT = "text"  # free text, e.g. the agent's ID
    REFERENCE = "reference"  # a number someone else handed out (ticket, complaint, case)
    PHONE = "phone"  # a number dialled, stored normalised, printed grouped
    PROMISE = "promise"  # what the other side promised
    PROMISED_DATE = "promised_date"  # the day they promised it by (an ISO date when stored)
    STAGE = "stage"  # a rung of the ladder, written by the system
    OUTCOME = "outcome"  # how a case ended, written by the system
    KEY = "key"  # a code the system matches on (a deadline's): stored, never printed


@dataclass(frozen=True)
class Fact:
    """One fact an entry may carry besides its summary."""

    key: str  # the key in CaseEvent.data
    label: str | Promise  # printed beside the value
    type: FactType = FactType.TEXT
    # The question the form asks; None for facts only the services write.
    question: str | Promise | None = None
    max_length: int | None = None
    help_text: str | Promise = ""

    @property
    def is_system(self) -> bool:
        return self.question is None

    @property
    def is_reference(self) -> bool:
        return self.type == FactType.REFERENCE

    @property
    def is_promise(self) -> bool:
        return self.type in (FactType.PROMISE, FactType.PROMISED_DATE)

    @property
    def is_phone(self) -> bool:
        return self.type == FactType.PHONE

    @property
    def is_date(self) -> bool:
        return self.type == FactType.PROMISED_DATE

    def display(self, value) -> str:
        """The stored value as people read it: 2026年11月23日, 021-53395288, 与商家协商."""
        if self.type == FactType.PROMISED_DATE:
            day = value if isinstance(value, date) else date.fromisoformat(str(value))
            return date_format(day, "DATE_FORMAT")
        if self.type == FactType.PHONE:
            return format_number(str(value))
        if self.type == FactType.STAGE:
            return _choice_label(Stage, value)
        if self.type == FactType.OUTCOME:
            return _choice_label(Outcome, value)
        return str(value)


def _choice_label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


NUMBER_DIALLED = Fact(
    "number_dialled", _("Number dialled"), FactType.PHONE, _("Number dialled"), max_length=30
)
AGENT_ID = Fact(
    "agent_id",
    _("Agent ID (工号)"),
    FactType.TEXT,
    _("Agent ID (工号)"),
    max_length=50,
    help_text=_("Ask for it at the start of every call."),
)
PROMISE = Fact("promise", _("Promised"), FactType.PROMISE, _("What was promised"), max_length=500)
PROMISED_BY = Fact("promised_by", _("Promised by"), FactType.PROMISED_DATE, _("Promised by"))
TICKET_NUMBER = Fact(
    "ticket_number",
    _("Ticket number"),
    FactType.REFERENCE,
    _("Ticket / after-sales number"),
    max_length=64,
)
COMPLAINT_NUMBER = Fact(
    "complaint_number",
    _("Complaint number"),
    FactType.REFERENCE,
    _("12315 complaint number"),
    max_length=64,
)
REPORT_NUMBER = Fact(
    "report_number", _("Report number"), FactType.REFERENCE, _("Report number"), max_length=64
)
COURT_CASE_NUMBER = Fact(
    "court_case_number",
    _("Court case number"),
    FactType.REFERENCE,
    _("Court case number"),
    max_length=64,
)
FROM_STAGE = Fact("from_stage", _("From stage"), FactType.STAGE)
TO_STAGE = Fact("to_stage", _("To stage"), FactType.STAGE)
OUTCOME = Fact("outcome", _("Outcome"), FactType.OUTCOME)
PREVIOUS_OUTCOME = Fact("previous_outcome", _("Was"), FactType.OUTCOME)
# A volunteer dismissing an overdue deadline (cases.overdue): which one, by its code and as
# it was named, and the day it was due; the reason is the entry's summary.
DEADLINE_CODE = Fact("deadline_code", _("Deadline code"), FactType.KEY)
DEADLINE_NAME = Fact("deadline_name", _("Deadline"), FactType.TEXT)
DEADLINE_DUE = Fact("deadline_due", _("Was due"), FactType.PROMISED_DATE)

# The table: each kind of entry and the facts it carries, in the order they are printed.
KIND_FACTS: Mapping[str, tuple[Fact, ...]] = {
    EventKind.MERCHANT_MESSAGE: (),
    EventKind.MERCHANT_REPLY: (PROMISE, PROMISED_BY),
    EventKind.PLATFORM_REQUEST: (TICKET_NUMBER,),
    EventKind.PLATFORM_DECISION: (TICKET_NUMBER, PROMISE, PROMISED_BY),
    EventKind.PHONE_CALL: (NUMBER_DIALLED, AGENT_ID, PROMISE, PROMISED_BY),
    EventKind.COMPLAINT_12315: (COMPLAINT_NUMBER,),
    EventKind.REGULATOR_REPORT: (REPORT_NUMBER,),
    EventKind.COURT_FILING: (COURT_CASE_NUMBER,),
    EventKind.NOTE: (),
    EventKind.STAGE_CHANGE: (FROM_STAGE, TO_STAGE),
    EventKind.OUTCOME: (OUTCOME,),
    EventKind.REOPENED: (PREVIOUS_OUTCOME,),
    EventKind.DEADLINE_DISMISSED: (DEADLINE_CODE, DEADLINE_NAME, DEADLINE_DUE),
}

# What people most often have to say for each kind, offered as one-tap phrases above the
# summary (a phrase and any words typed after it make the summary). They are in Chinese
# whatever the interface language, like the letters they end up in.
KIND_PHRASES: Mapping[str, tuple[str, ...]] = {
    EventKind.MERCHANT_MESSAGE: ("已发消息要求退款", "已发消息要求退货退款", "已发消息要求赔偿"),
    EventKind.MERCHANT_REPLY: (
        "商家拒绝退款",
        "商家拒绝退货",
        "商家称是正品",
        "商家不回复",
        "商家同意退款",
    ),
    EventKind.PLATFORM_REQUEST: ("已申请退款", "已申请退货退款", "已投诉商家"),
    EventKind.PLATFORM_DECISION: ("平台拒绝退款", "平台判定不支持退款", "平台同意退款"),
    EventKind.PHONE_CALL: ("客服承诺处理", "客服拒绝处理", "无人接听"),
    EventKind.COMPLAINT_12315: ("已在12315提交投诉", "12315已受理", "12315不予受理"),
    EventKind.REGULATOR_REPORT: ("已提交举报",),
    EventKind.COURT_FILING: ("已向法院起诉", "法院已立案"),
}


def phrases_of(kind: str) -> tuple[str, ...]:
    """The one-tap phrases offered for an entry of this kind (none for notes)."""
    return KIND_PHRASES.get(kind, ())


# Every fact once, in the order the event form asks for them.
FACTS: Mapping[str, Fact] = {
    fact.key: fact
    for fact in (
        NUMBER_DIALLED,
        AGENT_ID,
        PROMISE,
        PROMISED_BY,
        TICKET_NUMBER,
        COMPLAINT_NUMBER,
        REPORT_NUMBER,
        COURT_CASE_NUMBER,
        FROM_STAGE,
        TO_STAGE,
        OUTCOME,
        PREVIOUS_OUTCOME,
        DEADLINE_CODE,
        DEADLINE_NAME,
        DEADLINE_DUE,
    )
}

# The facts a person types in the event form (the system facts are the services' own).
FORM_FACTS: tuple[Fact, ...] = tuple(fact for fact in FACTS.values() if not fact.is_system)


def facts_of(kind: str) -> tuple[Fact, ...]:
    """The facts an entry of this kind carries."""
    return KIND_FACTS[kind]


def facts_to_store(kind: str, given: Mapping) -> dict:
    """Only the facts the kind carries, without empty ones; dates as ISO text for JSON.

    So the timeline holds only what its kind means, whatever a caller hands in.
    """
    stored = {}
    for fact in facts_of(kind):
        value = given.get(fact.key)
        if value in (None, ""):
            continue
        stored[fact.key] = value.isoformat() if isinstance(value, date) else value
    return stored


@dataclass(frozen=True)
class ShownFact:
    key: str
    label: str
    value: str
    fact: Fact


def shown_facts(kind: str, data: Mapping | None) -> list[ShownFact]:
    """The facts an entry carries, labelled and formatted, in the kind's order.

    Every page and document that prints an entry's facts prints this list.
    """
    data = data or {}
    shown = []
    for fact in KIND_FACTS.get(kind, ()):
        value = data.get(fact.key)
        if value in (None, "") or fact.type == FactType.KEY:
            continue
        shown.append(ShownFact(fact.key, str(fact.label), fact.display(value), fact))
    return shown
