"""The shapes an order fact must have before it is believed (pure: strings, no OCR)."""

from datetime import date
from decimal import Decimal

import pytest

from evidence.reading.orders.facts import JSON_KEYS, OrderFacts
from evidence.reading.orders.shapes import parse_amount, parse_date, parse_order_number

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-12 13:45:10", date(2026, 5, 12)),
        ("2026/05/12 13:45", date(2026, 5, 12)),
        ("2026年05月12日 13:45:10", date(2026, 5, 12)),
        ("2026年5月2日", date(2026, 5, 2)),
        ("2026-05-12", date(2026, 5, 12)),
        ("2026-05-1213:45:10", date(2026, 5, 12)),  # OCR lost the space
        ("２０２６－０５－１２", date(2026, 5, 12)),  # full-width digits
        ("下单时间：2026-05-12 13:45:10", date(2026, 5, 12)),
    ],
)
def test_dates_in_the_forms_order_pages_print_them(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-5-213:45",  # 2 May 13:45 or 21 May 3:45: ambiguous without the space
        "2027-01-01 10:00",  # after today
        "1999-12-31",  # before 2000
        "2026-02-30",  # no such day
        "2026-05-12 25:10",  # no such hour
        "2026-05-12 至 2026-05-20",  # two dates
        "昨天 13:45",
        "",
    ],
)
def test_dates_that_are_not_sure_are_none(text):
    assert parse_date(text, today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥299.00", Decimal("299.00")),
        ("￥299", Decimal("299.00")),
        ("¥1,299.50", Decimal("1299.50")),
        ("Y29.9", Decimal("29.90")),  # OCR reads the yen sign as Y
        ("实付款:¥88.00", Decimal("88.00")),
    ],
)
def test_amounts(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["-¥30.00", "¥29.90 ¥39.90", "免运费", "¥0.00", "¥12.345", ""])
def test_amounts_that_are_not_one_positive_sum_are_none(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "platform", "expected"),
    [
        ("4937342564378984051", "tmall", "4937342564378984051"),
        ("4937342564378984051复制", None, "4937342564378984051"),
        ("240512-123456789012345", "pinduoduo", "240512-123456789012345"),
        ("240512-123456789012345", None, "240512-123456789012345"),
        ("302598765432", "jd", "302598765432"),
        ("6912345678901234567", "douyin", "6912345678901234567"),
    ],
)
def test_order_numbers_of_each_platforms_shape(text, platform, expected):
    assert parse_order_number(text, platform=platform) == expected


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("4937342564378984051", "jd"),  # 19 digits: not a JD number
        ("302598765432", "tmall"),  # 12 digits: not a Taobao/Tmall number
        ("241332-123456789012345", "pinduoduo"),  # no 32 Dec 2024 / month 13
        ("240512-123456789012345", "taobao"),
        ("2026021722001456781234567890", None),  # an Alipay transaction number, 28 digits
        ("12345", None),
        ("4937342564378984051 4937342564378984052", None),
    ],
)
def test_order_numbers_of_the_wrong_shape_are_none(text, platform):
    assert parse_order_number(text, platform=platform) is None


def test_facts_as_json_have_exactly_the_issues_keys_and_formats():
    facts = OrderFacts(
        platform="jd",
        amount_paid=Decimal("299"),
        purchase_date=date(2026, 5, 12),
        order_number="302598765432",
    )

    line = facts.as_json("a.png")

    assert tuple(line) == JSON_KEYS
    assert line["amount_paid"] == "299.00"
    assert line["purchase_date"] == "2026-05-12"
    assert line["received_date"] is None and line["shop_name"] is None
    assert facts.filled() == ["platform", "amount_paid", "order_number", "purchase_date"]
