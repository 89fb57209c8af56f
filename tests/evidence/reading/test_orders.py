"""The order reader on the real OCR output of generated order screenshots (one per platform,
read once for the module), and on lines built by hand for the geometry of labels and values."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from bench.screenshots import TODAY, chat_sample, order_sample
from evidence.reading import ocr
from evidence.reading.ocr import OcrChar, OcrLine
from evidence.reading.orders import APP_WORDS, OrderFacts, platform_words, read_order

PLATFORMS = platform_words(
    [("douyin", "抖音"), ("tmall", "天猫"), ("pinduoduo", "拼多多"), ("taobao", "淘宝"),
     ("jd", "京东"), ("meituan", "美团"), ("kuaishou", "快手"), ("other", "其他平台")]
)  # fmt: skip

# Small phone sizes where the variant allows, to keep the engine's work short.
SAMPLES = {
    "douyin": lambda: order_sample(0),  # two columns, 750 px, long product name wrapped
    "tmall": lambda: order_sample(1),  # label：value in one run, a recommendations block
    "taobao": lambda: order_sample(20, platform="taobao"),  # value below its label
    "pinduoduo": lambda: order_sample(4, platform="pinduoduo"),  # one run, dashed number
    "jd": lambda: order_sample(12, platform="jd"),  # two columns
    "chat": lambda: chat_sample(0),
}


@pytest.fixture(scope="module")
def read():
    """Each sample and the lines the real engine read from its file, read once."""
    found = {}
    for name, make in SAMPLES.items():
        sample = make()
        found[name] = (sample, ocr.read_bytes(sample.encoded()).lines)
    return found


def facts_of(lines) -> OrderFacts:
    return read_order(lines, platforms=PLATFORMS, today=TODAY)


@pytest.mark.parametrize("platform", ["douyin", "tmall", "taobao", "pinduoduo", "jd"])
def test_every_fact_of_each_platforms_order_page_is_read(read, platform):
    sample, lines = read[platform]

    assert facts_of(lines) == sample.truth


def test_two_columns_label_left_value_right(read):
    sample, lines = read["jd"]
    assert "columns" in sample.notes

    facts = facts_of(lines)

    assert facts.order_number == sample.truth.order_number
    assert facts.purchase_date == sample.truth.purchase_date


def test_of_several_amounts_only_the_paid_one(read):
    sample, lines = read["douyin"]
    text = "\n".join(line.text for line in lines)
    assert "商品总价" in text and "运费" in text  # the page has other sums on it

    facts = facts_of(lines)

    assert facts.amount_paid == sample.truth.amount_paid
    assert facts.amount_paid != order_sample(0).truth.amount_paid + 1  # sanity of the fixture


def test_a_long_product_name_wrapped_over_two_lines_is_joined(read):
    sample, lines = read["douyin"]
    first_line = next(line.text for line in lines if sample.truth.product.startswith(line.text))
    assert first_line != sample.truth.product  # it was wrapped

    assert facts_of(lines).product == sample.truth.product


def test_the_recommendations_block_and_its_prices_are_ignored(read):
    sample, lines = read["tmall"]
    assert any(line.text.startswith("实付") and "¥" in line.text[2:] for line in lines[-8:]) or any(
        "猜你喜欢" in line.text or "为你推荐" in line.text for line in lines
    )

    facts = facts_of(lines)

    assert facts.amount_paid == sample.truth.amount_paid
    assert facts.shop_name == sample.truth.shop_name  # not the recommended 优选旗舰店


def test_a_value_read_with_low_confidence_is_left_empty(read):
    sample, lines = read["pinduoduo"]
    number = sample.truth.order_number
    unsure = [
        dataclasses.replace(
            line,
            chars=tuple(
                dataclasses.replace(char, confidence=0.6 if char.text == number[-1] else 1.0)
                for char in line.chars
            ),
        )
        if number in line.text
        else line
        for line in lines
    ]

    facts = facts_of(unsure)

    assert facts_of(lines).order_number == number
    assert facts.order_number is None
    assert facts.amount_paid == sample.truth.amount_paid  # the others are still read


def test_a_chat_is_not_an_order_page(read):
    _sample, lines = read["chat"]
    assert any("退" in line.text for line in lines)

    assert facts_of(lines) == OrderFacts()


def test_pinduoduo_is_known_by_its_dashed_number_when_the_app_does_not_name_itself(read):
    _sample, lines = read["pinduoduo"]
    without_name = [line for line in lines if "拼多多" not in line.text]

    assert facts_of(without_name).platform == "pinduoduo"


def line(text, left, top, right, bottom, confidence=0.99):
    width = (right - left) / max(1, len(text))
    chars = tuple(
        OcrChar(char, (int(left + i * width), top, int(left + (i + 1) * width), bottom), confidence)
        for i, char in enumerate(text)
    )
    return OcrLine(text, (left, top, right, bottom), confidence, chars)


def test_a_value_beside_its_label_is_the_nearest_on_its_row_and_a_button_is_skipped():
    lines = [
        line("订单编号", 40, 100, 160, 130),
        line("3705752584189240087", 220, 102, 560, 128),
        line("复制", 650, 100, 700, 130),
        line("实付款", 40, 150, 130, 180),
        line("¥88.00", 600, 150, 700, 180),
        line("下单时间", 40, 200, 160, 230),
        line("复制", 650, 200, 700, 230),
        line("2026-05-12 10:00:00", 40, 240, 400, 268),
    ]

    facts = facts_of(lines)

    assert facts.order_number == "3705752584189240087"
    assert facts.amount_paid == Decimal("88.00")
    assert facts.purchase_date == date(2026, 5, 12)  # below its label, past the button


def test_two_different_values_for_one_fact_leave_it_empty():
    lines = [
        line("实付款：¥88.00", 40, 100, 300, 130),
        line("订单编号：3705752584189240087", 40, 150, 500, 180),
        line("实付款：¥98.00", 40, 400, 300, 430),
    ]

    facts = facts_of(lines)

    assert facts.amount_paid is None
    assert facts.order_number == "3705752584189240087"


def test_a_page_with_one_order_label_is_not_an_order():
    lines = [line("美的官方旗舰店", 40, 50, 300, 80), line("实付¥39.90", 40, 100, 300, 130)]

    assert facts_of(lines) == OrderFacts()


def test_every_app_word_names_a_directory_platform():
    assert set(APP_WORDS) <= {slug for slug, _names in PLATFORMS}
