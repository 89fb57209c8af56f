"""How letters word claims and law: each claim once with its amount, each law named once."""

from decimal import Decimal

from cases.compensation import claims_for
from cases.letters.complaint_12315 import FIELD_CODES, FIELDS, sections
from cases.letters.wording import cite, claim_reason, demands
from cases.rules import rule


def _fraud(price: str):
    [claim] = [
        c for c in claims_for(problem="counterfeit", price=Decimal(price)) if c.code != "refund"
    ]
    return claim


def test_refund_and_compensation_are_listed_once_each_with_their_amount():
    items = demands(
        wants=["refund", "compensation"],
        want_labels=["退款", "赔偿"],
        price=Decimal("299.00"),
        best_claim=_fraud("299.00"),
    )
    assert items == ["退款299.00元", "赔偿897.00元（价款三倍）"]
    assert "；".join(items).count("赔偿") == 1


def test_the_statutory_minimum_is_named_when_three_times_is_less():
    assert claim_reason(_fraud("100.00"), price=Decimal("100.00")) == "价款三倍不足500元，按500元"


def test_compensation_without_a_computed_claim_asks_for_the_amount():
    items = demands(
        wants=["exchange", "compensation"],
        want_labels=["换货", "赔偿"],
        price=Decimal("50.00"),
        best_claim=None,
    )
    assert items == ["换货", "赔偿【请填写金额及依据】"]


def test_a_law_is_named_once_however_many_articles_are_cited():
    quality, fraud = rule("quality_return"), rule("fraud_compensation")
    both = cite([quality, fraud])
    law = quality.citation.removesuffix(quality.article)
    assert both.count(law) == 1
    assert both == f"{law}{quality.article}、{fraud.article}"
    assert cite([quality, None, quality]) == quality.citation
    assert cite([None]) == ""


def test_the_12315_sections_follow_the_form_and_keep_every_field():
    values = {code: f"值{index}" for index, code in enumerate(FIELD_CODES)}
    grouped = sections(values)
    assert [heading for heading, _lines in grouped] == [
        "【被投诉人】",
        "【购买时间/订单】",
        "【诉求】",
        "【事实与理由】",
        "【投诉人】",
    ]
    printed = "\n".join(line for _heading, lines in grouped for line in lines)
    for index, spec in enumerate(FIELDS):
        assert f"值{index}" in printed, spec.code
