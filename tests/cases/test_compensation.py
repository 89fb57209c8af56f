from decimal import Decimal

import pytest

from cases.compensation import claims_for, food_punitive, fraud_punitive, promised_multiple
from cases.rules import rule

FRAUD = rule("fraud_compensation")
FOOD = rule("food_compensation")


@pytest.mark.parametrize(
    ("price", "punitive"),
    [
        ("0.01", "500.00"),
        ("100", "500.00"),
        ("166.66", "500.00"),  # 499.98: the floor applies
        ("166.67", "500.01"),  # just above the floor
        ("166.6667", "500.00"),
        ("1000", "3000.00"),
        ("1299.50", "3898.50"),
    ],
)
def test_fraud_three_times_the_price_at_least_500(price, punitive):
    assert fraud_punitive(price=Decimal(price), fraud_rule=FRAUD) == Decimal(punitive)


@pytest.mark.parametrize(
    ("price", "losses", "punitive"),
    [
        ("50", "0", "1000.00"),  # the reference example
        ("99.99", "0", "1000.00"),
        ("100", "0", "1000.00"),  # exactly at the floor
        ("100.01", "0", "1000.10"),
        ("80", "400", "1200.00"),  # three times the loss is larger
        ("500", "100", "5000.00"),
    ],
)
def test_food_ten_times_price_or_three_times_loss_at_least_1000(price, losses, punitive):
    result = food_punitive(price=Decimal(price), losses=Decimal(losses), food_rule=FOOD)
    assert result == Decimal(punitive)


def test_the_numbers_come_from_the_rules_with_their_article():
    assert (FRAUD["multiplier"], FRAUD["minimum_yuan"]) == (3, 500)
    assert FRAUD.citation == "《消费者权益保护法》第五十五条第一款"
    assert (FOOD["price_multiplier"], FOOD["loss_multiplier"], FOOD["minimum_yuan"]) == (
        10,
        3,
        1000,
    )


def test_counterfeit_claims_include_the_platform_promise_largest_first():
    claims = claims_for(
        problem="counterfeit", price=Decimal("299"), platform_promises=[("假一赔十", 10, False)]
    )
    assert [(c.code, c.amount, c.verified) for c in claims] == [
        ("refund", Decimal("299.00"), True),
        ("promise", Decimal("2990.00"), False),
        ("fraud", Decimal("897.00"), True),
    ]
    assert promised_multiple(price=Decimal("10.005"), multiplier=4) == Decimal("40.02")


def test_unsafe_food_uses_the_food_law_and_refund_refused_claims_the_refund():
    assert [c.code for c in claims_for(problem="unsafe_food", price=Decimal("30"))] == [
        "refund",
        "food",
    ]
    [refund] = claims_for(problem="refund_refused", price=Decimal("459.9"))
    assert refund.amount == Decimal("459.90")
    assert refund.basis.citation.startswith("《消费者权益保护法》第二十五条第三款")
    assert claims_for(problem="auto_renewal", price=Decimal("30")) == []


def test_quality_problems_are_problem_codes_the_ladder_shares():
    from cases import ladder
    from cases.compensation import QUALITY_PROBLEMS
    from cases.models import Problem

    assert QUALITY_PROBLEMS.issubset(Problem.values)
    assert ladder.QUALITY_PROBLEMS is QUALITY_PROBLEMS
    assert Problem.DEFECT in QUALITY_PROBLEMS and Problem.REFUND_REFUSED not in QUALITY_PROBLEMS
