"""How the letters word what the consumer claims and on which law. Pure functions.

Each claim is listed once with its amount (退款299.00元；赔偿897.00元（价款三倍）), and a law
named once however many of its articles a sentence rests on.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..compensation import Claim
from ..rules import Excuse, Rule

# Wants that give the price back: the refund is the amount paid.
REFUND_WANTS = frozenset({"refund", "return_refund"})
_CHINESE_NUMBERS = {2: "两", 3: "三", 4: "四", 5: "五", 10: "十"}


def _yuan(amount: Decimal) -> str:
    return f"{amount:.2f}元"


def _times(multiplier) -> str:
    number = int(multiplier)
    return _CHINESE_NUMBERS.get(number, str(number)) + "倍"


def claim_reason(claim: Claim, *, price: Decimal) -> str:
    """Why a compensation has its amount, in a few words: 价款三倍, 法定最低500元, 假一赔四."""
    basis = claim.basis
    if claim.code == "fraud" and basis is not None:
        times, minimum = _times(basis["multiplier"]), basis["minimum_yuan"]
        if price * basis["multiplier"] >= Decimal(minimum):
            return f"价款{times}"
        return f"价款{times}不足{minimum}元，按{minimum}元"
    if claim.code == "food" and basis is not None:
        if claim.amount == (price * basis["price_multiplier"]).quantize(Decimal("0.01")):
            return f"价款{_times(basis['price_multiplier'])}"
        return f"法定最低{basis['minimum_yuan']}元"
    return claim.note


def demands(
    *,
    wants: Sequence[str],
    want_labels: Sequence[str],
    price: Decimal,
    best_claim: Claim | None,
) -> list[str]:
    """What the consumer asks for, each once: the refund with the price, the compensation with
    its amount and reason, other wants (exchange, repair) by name."""
    items: list[str] = []
    for want, label in zip(wants, want_labels, strict=True):
        if want in REFUND_WANTS:
            items.append(f"{label}{_yuan(price)}")
        elif want == "compensation":
            if best_claim is not None:
                items.append(
                    f"{label}{_yuan(best_claim.amount)}（{claim_reason(best_claim, price=price)}）"
                )
            else:
                items.append(f"{label}【请填写金额及依据】")
        else:
            items.append(str(label))
    return items


def cite(rules: Iterable[Rule | None]) -> str:
    """Articles cited together, each law named once and in the order first cited:
    《消费者权益保护法》第二十四条、第五十五条第一款."""
    by_law: dict[str, list[str]] = {}
    for rule in rules:
        if rule is None:
            continue
        law = rule.citation.removesuffix(rule.article)
        articles = by_law.setdefault(law, [])
        if rule.article not in articles:
            articles.append(rule.article)
    return "及".join(law + "、".join(articles) for law, articles in by_law.items())


def excuse_replies(excuses: Iterable[Excuse], *, who: str = "商家") -> list[str]:
    """A sentence answering each refusal the merchant gave, with its statute:
    商家以“已过售后期”为由拒绝。依据《消费者权益保护法》第二十四条…，商品存在质量问题的，…。
    The refusal is named by the table's words, not quoted: what the merchant wrote is in the
    timeline and the screenshots."""
    return [
        f"{who}以“{excuse.says}”为由拒绝。依据{excuse.citation}，{excuse.letter}。"
        for excuse in excuses
    ]
