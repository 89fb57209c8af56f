"""What a consumer may claim on top of a refund. Pure functions; the numbers come from the rules.

Guidance, not legal advice: whether a merchant committed fraud, or food broke a safety
standard, is for the merchant's admission, a regulator or a court to establish.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .rules import Rule, rule

CENT = Decimal("0.01")
# The problems that make goods fall short of quality requirements (消法 Art. 24): a refund
# on the quality rule, and the ladder's quality-return deadline. Codes of cases.models.Problem.
QUALITY_PROBLEMS = frozenset({"counterfeit", "defect", "not_as_described", "unsafe_food"})


@dataclass(frozen=True)
class Claim:
    code: str
    amount: Decimal  # the refund itself, or what is claimed on top of it
    basis: Rule | None  # the statute, or None for a platform's own promise
    note: str = ""
    verified: bool = True


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fraud_punitive(*, price: Decimal, fraud_rule: Rule) -> Decimal:
    """消法 Art. 55(1): three times the price, at least ¥500."""
    return _money(max(price * fraud_rule["multiplier"], Decimal(fraud_rule["minimum_yuan"])))


def food_punitive(*, price: Decimal, losses: Decimal, food_rule: Rule) -> Decimal:
    """食品安全法 Art. 148: ten times the price or three times the loss, at least ¥1,000."""
    return _money(
        max(
            price * food_rule["price_multiplier"],
            losses * food_rule["loss_multiplier"],
            Decimal(food_rule["minimum_yuan"]),
        )
    )


def promised_multiple(*, price: Decimal, multiplier: int) -> Decimal:
    """A platform's or merchant's own promise such as 假一赔四: binding when above the law."""
    return _money(price * multiplier)


def claims_for(
    *,
    problem: str,
    price: Decimal,
    losses: Decimal = Decimal("0"),
    platform_promises: Sequence[tuple[str, int, bool]] = (),
) -> list[Claim]:
    """The refund first, then the compensation routes that fit the problem, largest first.

    `platform_promises` are (title, multiple of the price, verified) for counterfeits.
    """
    refund: list[Claim] = []
    if problem == "refund_refused":
        refund.append(Claim("refund", _money(price), rule("refund_after_return")))
    elif problem in QUALITY_PROBLEMS:
        refund.append(Claim("refund", _money(price), rule("quality_return")))
    extra: list[Claim] = []
    if problem == "unsafe_food":
        food = rule("food_compensation")
        extra.append(Claim("food", food_punitive(price=price, losses=losses, food_rule=food), food))
    if problem in {"counterfeit", "not_as_described"}:
        fraud = rule("fraud_compensation")
        extra.append(Claim("fraud", fraud_punitive(price=price, fraud_rule=fraud), fraud))
    if problem == "counterfeit":
        for title, multiplier, verified in platform_promises:
            extra.append(
                Claim(
                    "promise",
                    promised_multiple(price=price, multiplier=multiplier),
                    rule("seller_promise"),
                    note=title,
                    verified=verified,
                )
            )
    return refund + sorted(extra, key=lambda claim: claim.amount, reverse=True)
