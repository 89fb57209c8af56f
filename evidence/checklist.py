"""Which evidence a case needs, by problem type, and how to capture each piece.

Rules are data: the ladder and the case page name evidence kinds by their codes, and this
table says which of them a problem needs. `optional` kinds help but are not counted as
missing (an appraisal report is only possible for some goods).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases.models import Problem

from .models import EvidenceKind

K = EvidenceKind


@dataclass(frozen=True)
class Requirement:
    kind: EvidenceKind
    optional: bool = False


REQUIREMENTS: dict[str, tuple[Requirement, ...]] = {
    Problem.COUNTERFEIT: (
        Requirement(K.ORDER_SCREENSHOT),
        Requirement(K.PRODUCT_PHOTO),
        Requirement(K.PACKAGING_PHOTO),
        Requirement(K.CHAT_LOG),
        Requirement(K.PRODUCT_PAGE),
        Requirement(K.APPRAISAL_REPORT, optional=True),
    ),
    Problem.DEFECT: (
        Requirement(K.ORDER_SCREENSHOT),
        Requirement(K.PRODUCT_PHOTO),
        Requirement(K.DEFECT_VIDEO),
        Requirement(K.CHAT_LOG),
        Requirement(K.UNBOXING_VIDEO, optional=True),
    ),
    Problem.NOT_AS_DESCRIBED: (
        Requirement(K.ORDER_SCREENSHOT),
        Requirement(K.PRODUCT_PAGE),
        Requirement(K.PRODUCT_PHOTO),
        Requirement(K.CHAT_LOG),
    ),
    Problem.REFUND_REFUSED: (
        Requirement(K.ORDER_SCREENSHOT),
        Requirement(K.REFUND_REQUEST),
        Requirement(K.CHAT_LOG),
        Requirement(K.LOGISTICS_RECORD, optional=True),
    ),
    Problem.NOT_DELIVERED: (
        Requirement(K.ORDER_SCREENSHOT),
        Requirement(K.PAYMENT_PROOF),
        Requirement(K.LOGISTICS_RECORD),
        Requirement(K.CHAT_LOG),
    ),
    Problem.UNSAFE_FOOD: (
        Requirement(K.ORDER_SCREENSHOT),
        Requirement(K.PACKAGING_PHOTO),
        Requirement(K.PAYMENT_PROOF),
        Requirement(K.PRODUCT_PHOTO),
        Requirement(K.MEDICAL_REPORT, optional=True),
    ),
    Problem.AUTO_RENEWAL: (
        Requirement(K.PAYMENT_PROOF),
        Requirement(K.ORDER_SCREENSHOT),
        Requirement(K.CHAT_LOG),
    ),
    Problem.OTHER: (
        Requirement(K.ORDER_SCREENSHOT),
        Requirement(K.CHAT_LOG),
    ),
}

# One line on how to capture each kind, for someone holding a phone.
HINTS: dict[str, object] = {
    K.ORDER_SCREENSHOT: _(
        "Open the order in the app and screenshot the whole page: order number, shop, "
        "product, price and order time must be visible."
    ),
    K.PAYMENT_PROOF: _(
        "Screenshot the payment record in Alipay, WeChat Pay or your bank app, with amount "
        "and time; for auto-renewals, every charge."
    ),
    K.CHAT_LOG: _(
        "Screenshot the whole chat with the merchant from the first message, in order; do not "
        "crop out times."
    ),
    K.REFUND_REQUEST: _(
        "Screenshot your after-sales or refund request and the merchant's or platform's "
        "answer, with its number and status."
    ),
    K.PRODUCT_PHOTO: _(
        "Photograph the product from all sides in good light, with the problem close up."
    ),
    K.PACKAGING_PHOTO: _(
        "Photograph the box, labels, anti-counterfeit code, production and expiry dates."
    ),
    K.DEFECT_VIDEO: _("Film the defect in one continuous take, showing the product as a whole."),
    K.UNBOXING_VIDEO: _(
        "Film the parcel from the sealed courier label to the product, without cuts."
    ),
    K.LOGISTICS_RECORD: _("Screenshot the tracking history in the app, with the tracking number."),
    K.PRODUCT_PAGE: _(
        "Screenshot the product page (title, description, price, promises such as 正品保障) "
        "now, before the merchant edits it."
    ),
    K.CALL_RECORDING: _("Record calls where the law allows, and log the agent ID on the timeline."),
    K.APPRAISAL_REPORT: _(
        "A report from the brand or a qualified appraisal body stating that it is not genuine."
    ),
    K.MEDICAL_REPORT: _("Hospital records and receipts if you were harmed."),
    K.OTHER: _("Anything else that supports your case."),
}


@dataclass(frozen=True)
class ChecklistItem:
    kind: EvidenceKind
    label: str
    hint: object
    optional: bool
    count: int

    @property
    def done(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class Checklist:
    items: tuple[ChecklistItem, ...]

    @property
    def required(self) -> list[ChecklistItem]:
        return [item for item in self.items if not item.optional]

    @property
    def lacking(self) -> list[str]:
        """The kinds not yet on the case, optional ones included, in the checklist's order."""
        return [str(item.kind) for item in self.items if not item.done]

    @property
    def missing(self) -> list[ChecklistItem]:
        return [item for item in self.required if not item.done]

    @property
    def percent(self) -> int:
        required = self.required
        if not required:
            return 100
        return round(100 * sum(item.done for item in required) / len(required))


def checklist_for(*, problem: str, counts_by_kind: dict[str, int]) -> Checklist:
    """What a case of this problem needs, given how many files of each kind it has."""
    requirements = REQUIREMENTS.get(problem, REQUIREMENTS[Problem.OTHER])
    return Checklist(
        items=tuple(
            ChecklistItem(
                kind=requirement.kind,
                label=str(requirement.kind.label),
                hint=HINTS[requirement.kind],
                optional=requirement.optional,
                count=counts_by_kind.get(requirement.kind, 0),
            )
            for requirement in requirements
        )
    )
