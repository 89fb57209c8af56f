"""Letter drafts from the case facts and timeline, in Chinese for Chinese recipients.

The consumer edits and copies them; weiquan never sends them. Blanks the app cannot know
(ID number, address) are left as 【请填写…】 so nothing invented reaches a court.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .compensation import claims_for
from .models import SYSTEM_EVENT_KINDS, Case, CaseEvent, Problem
from .rules import rule


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


def draft(kind: str, *, case: Case, events: Sequence[CaseEvent], consumer_name: str) -> str:
    """The text of one letter, ready to edit."""
    letter = LETTERS[kind]
    # The facts of the dispute: what the consumer logged, not the app's own stage changes.
    visible = sorted(
        (
            event
            for event in events
            if event.hidden_at is None and event.kind not in SYSTEM_EVENT_KINDS
        ),
        key=lambda event: event.happened_at,
    )
    claims = [
        c for c in claims_for(problem=case.problem, price=case.amount_paid) if c.code != "refund"
    ]
    context = {
        "case": case,
        "events": visible,
        "consumer_name": consumer_name or "【请填写你的姓名】",
        "wants": "、".join(case.get_wants_display()),
        "best_claim": claims[0] if claims else None,
        "basis_main": _main_basis(case.problem),
        "basis_venue": rule("court_venue"),
    }
    # The recipient reads Chinese whatever language the consumer's screen is in: the kinds
    # and fact labels of the timeline (cases.events) are printed in Chinese too.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(letter.template, context).strip() + "\n"
