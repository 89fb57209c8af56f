"""Letter drafts from the case facts and timeline, in Chinese for Chinese recipients.

The consumer edits and copies them; weiquan never sends them. The consumer's name, phone and
address come from their account (accounts.contact); what the app cannot know is left as
【请填写…】 so nothing invented reaches a court and nothing prints as a silent blank. A
version the consumer saved (drafts) is shown, and printed in the case files, instead of the
generated one.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.contact import ContactDetails

from ..compensation import Claim, claims_for
from ..excuses import distinct, seen_elsewhere, seen_in_entries
from ..models import SYSTEM_EVENT_KINDS, Case, CaseEvent, LetterDraft, Problem
from ..rules import rule
from . import complaint_12315
from .complaint_12315 import ASK_ADDRESS, ASK_NAME, ASK_ORDER, ASK_PHONE, ASK_RESPONDENT_ADDRESS
from .drafts import PER_FIELD_KINDS, letter_draft_latest
from .wording import cite, demands, excuse_replies


@dataclass(frozen=True)
class LetterKind:
    code: str
    title: object
    template: str
    hint: object


LETTERS = {
    "merchant": LetterKind(
        "merchant",
        _("Message to the merchant"),
        "cases/letters/merchant.txt",
        _("Paste it into the chat with the merchant in the app."),
    ),
    "platform": LetterKind(
        "platform",
        _("Platform complaint"),
        "cases/letters/platform.txt",
        _("Paste it into the after-sales request or the complaint to platform customer service."),
    ),
    "12315": LetterKind(
        "12315",
        _("12315 complaint"),
        "cases/letters/complaint_12315.txt",
        _("Each part matches a field of the 12315 complaint form: copy them one by one."),
    ),
    "court": LetterKind(
        "court",
        _("Civil complaint (民事起诉状) skeleton"),
        "cases/letters/court.txt",
        _("A skeleton to finish with a lawyer or legal aid before filing."),
    ),
}


@dataclass(frozen=True)
class Letter:
    """A letter as the page and the case files show it."""

    kind: LetterKind
    text: str
    fields: dict[str, str] = field(default_factory=dict)  # the 12315 complaint's, by code
    saved: LetterDraft | None = None  # the consumer's version shown, None: generated


def _main_basis(problem: str):
    """The article a complaint rests on: the no-reason return, or the seller's duty for quality."""
    if problem == Problem.REFUND_REFUSED:
        return rule("no_reason_return")
    if problem in {
        Problem.COUNTERFEIT,
        Problem.DEFECT,
        Problem.NOT_AS_DESCRIBED,
        Problem.UNSAFE_FOOD,
    }:
        return rule("quality_return")
    return None


def _best_claim(case: Case) -> Claim | None:
    claims = [
        c for c in claims_for(problem=case.problem, price=case.amount_paid) if c.code != "refund"
    ]
    return claims[0] if claims else None


def demands_text(case: Case) -> str:
    """诉求 as every letter and the case files print it: each claim once, with its amount."""
    return "；".join(
        demands(
            wants=list(case.wants),
            want_labels=[str(label) for label in case.get_wants_display()],
            price=case.amount_paid,
            best_claim=_best_claim(case),
        )
    )


def _context(case: Case, events: Sequence[CaseEvent], contact: ContactDetails) -> dict:
    # The facts of the dispute: what the consumer logged, not the app's own stage changes.
    visible = sorted(
        (
            event
            for event in events
            if event.hidden_at is None and event.kind not in SYSTEM_EVENT_KINDS
        ),
        key=lambda event: event.happened_at,
    )
    best_claim = _best_claim(case)
    basis_main = _main_basis(case.problem)
    # Each refusal the merchant gave, in an entry or a screenshot, answered once; not one
    # read in a chat where who said it could not be told.
    refusals = [
        seen.excuse
        for seen in distinct([*seen_in_entries(visible), *seen_elsewhere(case=case)])
        if seen.side_known
    ]
    return {
        "case": case,
        "events": visible,
        "consumer_name": contact.name or ASK_NAME,
        "consumer_phone": contact.phone or ASK_PHONE,
        "consumer_address": contact.address or ASK_ADDRESS,
        "demands": demands_text(case),
        "best_claim": best_claim,
        "basis_main": basis_main,
        "basis": cite([basis_main, best_claim.basis if best_claim else None]),
        "basis_venue": rule("court_venue"),
        "excuse_replies": excuse_replies(refusals),
        "excuse_replies_to_shop": excuse_replies(refusals, who="贵店"),
    }


def _fields_12315(context: dict) -> dict[str, str]:
    case = context["case"]
    facts = render_to_string("cases/letters/complaint_12315_facts.txt", context).strip()
    return {
        "respondent": f"{case.shop_name}（{case.platform.name}平台店铺）",
        "respondent_address": ASK_RESPONDENT_ADDRESS,
        "purchased_on": f"{case.purchase_date:%Y}年{case.purchase_date.month}月"
        f"{case.purchase_date.day}日",
        "product": case.product,
        "amount": f"{case.amount_paid:.2f}元",
        "order": case.order_number or ASK_ORDER,
        "demand": context["demands"] + "。",
        "facts": facts,
        "name": context["consumer_name"],
        "phone": context["consumer_phone"],
        "address": context["consumer_address"],
    }


def generated(
    kind: str, *, case: Case, events: Sequence[CaseEvent], contact: ContactDetails
) -> Letter:
    """The letter as weiquan writes it from the case, ready to edit."""
    letter = LETTERS[kind]
    # The recipient reads Chinese whatever language the consumer's screen is in: the kinds
    # and fact labels of the timeline (cases.events) are printed in Chinese too.
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(case, events, contact)
        fields: dict[str, str] = {}
        if kind in PER_FIELD_KINDS:
            fields = _fields_12315(context)
            context["sections"] = complaint_12315.sections(fields)
        text = render_to_string(letter.template, context).strip() + "\n"
    return Letter(kind=letter, text=text, fields=fields)


def letter_for(
    kind: str, *, case: Case, events: Sequence[CaseEvent], contact: ContactDetails
) -> Letter:
    """The letter to show and print: the consumer's latest saved version, else generated.
    A 12315 field the consumer never saved keeps its generated value."""
    made = generated(kind, case=case, events=events, contact=contact)
    saved = letter_draft_latest(case=case, kind=kind)
    if saved is None or saved.generated:
        return made
    if kind not in PER_FIELD_KINDS:
        return Letter(kind=made.kind, text=saved.text.strip() + "\n", saved=saved)
    fields = {code: saved.fields.get(code, value) for code, value in made.fields.items()}
    text = render_to_string(
        made.kind.template, {"sections": complaint_12315.sections(fields)}
    ).strip()
    return Letter(kind=made.kind, text=text + "\n", fields=fields, saved=saved)


def edited_fields(made: Letter, posted: dict[str, str]) -> dict[str, str]:
    """The 12315 fields the consumer changed. Only these are saved, so a field left as made
    keeps following the case and the profile (a name typed in later fills 投诉人姓名)."""
    return {
        code: value
        for code, value in posted.items()
        if value.strip() != made.fields.get(code, "").strip()
    }
