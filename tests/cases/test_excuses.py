"""The answers to the merchant's refusals: the table in rules.yaml is complete and sourced,
and the matcher finds the refusals in messy chat and OCR text, not their opposites.
Table-driven, no database."""

import copy

import pytest
import yaml

from cases import rules
from cases.excuses import (
    MERCHANT_SIDE_KINDS,
    excuses_in_entry,
    excuses_in_lines,
    find_excuses,
    normalise,
    other_side_lines,
)
from cases.models import STAGE_ORDER, CaseEvent, EventKind
from cases.rules import CONFIDENCE, RulesError, parse_excuses

DATA = yaml.safe_load(rules.RULES_FILE.read_text(encoding="utf-8"))
STAGES = set(STAGE_ORDER)
# The refusals issue 18 names, each of which the table must answer.
REQUIRED = {
    "after_sales_expired",
    "no_seven_day_return",
    "not_quality_problem",
    "shipping_paid_by_buyer",
    "ask_the_manufacturer",
    "used_no_return",
    "sale_or_custom_goods",
}


def test_the_table_answers_every_refusal_the_issue_names_with_sources_and_limits():
    table = rules.excuses()
    assert table.keys() >= REQUIRED
    for excuse in table.values():
        assert excuse.phrases and all(excuse.phrases)
        for text in (excuse.says, excuse.answer, excuse.holds, excuse.fails, excuse.next_step):
            assert len(text) >= 4, excuse.id
        assert excuse.sources and all(source.title for source in excuse.sources)
        assert excuse.confidence in CONFIDENCE
        assert excuse.next_stage in STAGES
        assert excuse.citation.startswith("《") and excuse.article in excuse.citation


def test_no_entry_is_surer_than_the_reference_it_rests_on():
    # The reference gives the 7-day measures' article numbers only at medium confidence.
    seven_day = DATA["sources"]["seven_day"]["title"]
    for excuse in rules.excuses().values():
        if any(source.title == seven_day for source in excuse.sources):
            assert excuse.confidence != "high", excuse.id


def test_each_entry_matches_its_own_words_as_the_table_writes_them():
    for excuse in rules.excuses().values():
        for phrase in excuse.phrases:
            text = phrase.replace("{n}", "15")
            assert excuse.id in {found.excuse.id for found in find_excuses(text)}, phrase


def edited(excuse_id: str, **changes) -> dict:
    data = copy.deepcopy(DATA)
    for key, value in changes.items():
        if value is None:
            data["excuses"][excuse_id].pop(key)
        else:
            data["excuses"][excuse_id][key] = value
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"answer": None}, "missing"),
        ({"holds": None}, "missing"),
        ({"fails": None}, "missing"),
        ({"next_step": None}, "missing"),
        ({"source": None}, "missing"),
        ({"reason": "because"}, "unknown keys"),
        ({"phrases": []}, "empty"),
        ({"fails": "  "}, "empty"),
        ({"source": ["xiaofa", "taobao_faq"]}, "unknown sources"),
        ({"source": []}, "unknown sources"),
        ({"confidence": "certain"}, "confidence"),
        ({"next_stage": "shout"}, "unknown rung"),
    ],
)
def test_the_loader_refuses_an_entry_the_code_could_not_stand_behind(changes, message):
    with pytest.raises(RulesError, match=message):
        parse_excuses(edited("after_sales_expired", **changes), stages=STAGES)


def test_the_file_as_it_is_loads():
    assert parse_excuses(DATA, stages=STAGES).keys() == rules.excuses().keys()


@pytest.mark.parametrize(
    ("text", "expected", "quote"),
    [
        ("亲，已过售后期了哦", "after_sales_expired", "已过售后期"),
        ("您的订单已经超过售后期，无法处理", "after_sales_expired", "超过售后期"),
        ("不好意思超过退货时间了", "after_sales_expired", "超过退货时间"),
        ("已经超过15天了", "after_sales_expired", "已经超过15天"),
        ("超过七日不能退哦亲", "after_sales_expired", "超过七日不能退"),
        ("超过十五天不能退", "after_sales_expired", "超过十五天不能退"),
        ("该商品不支持七天无理由退货", "no_seven_day_return", "不支持七天无理由"),
        ("不支持7天无理由", "no_seven_day_return", "不支持7天无理由"),
        ("不支持７天无理由退换", "no_seven_day_return", "不支持７天无理由"),  # full width
        ("不 支 持 7 天 无 理 由", "no_seven_day_return", "不 支 持 7 天 无 理 由"),  # OCR
        ("不支持，七天，无理由", "no_seven_day_return", "不支持，七天，无理由"),
        ("亲亲这个是不支持无理由退货的呢", "no_seven_day_return", "不支持无理由退"),
        ("这个不是质量问题哦", "not_quality_problem", "不是质量问题"),
        ("经检测不属于质量问题", "not_quality_problem", "不属于质量问题"),
        ("屏幕有亮点属于正常现象", "not_quality_problem", "属于正常现象"),
        ("退货运费需要您自己承担哈", "shipping_paid_by_buyer", "运费需要您自己承担"),
        ("运费自理", "shipping_paid_by_buyer", "运费自理"),
        ("这个问题请您联系厂家处理", "ask_the_manufacturer", "联系厂家"),
        ("建议您找品牌方售后", "ask_the_manufacturer", "找品牌方"),
        ("您已经使用过了，影响二次销售", "used_no_return", "已经使用过"),
        ("吊牌已剪不能退", "used_no_return", "吊牌已剪"),
        ("特价商品不退不换", "sale_or_custom_goods", "特价商品不退"),
        ("定制商品不支持退换", "sale_or_custom_goods", "定制商品不支持退"),
        ("特价商品概不退换", "sale_or_custom_goods", "特价商品概不退"),
        ("本店商品一经售出概不退换", "sold_no_return", "一经售出概不"),
        ("快递签收即视为您认可商品质量", "signed_means_accepted", "签收即视为"),
        ("您已确认收货不能退了", "signed_means_accepted", "已确认收货不能"),
        ("商品已拆封，无法退货", "unsealed_no_return", "已拆封"),
        ("活动最终解释权归本店所有", "final_interpretation", "最终解释权"),
    ],
)
def test_refusals_are_found_however_they_are_worded(text, expected, quote):
    found = find_excuses(text)
    assert [item.excuse.id for item in found] == [expected]
    assert found[0].quote == quote
    assert text[found[0].start : found[0].end] == quote


@pytest.mark.parametrize(
    "text",
    [
        "本商品支持七天无理由退货",
        "支持7天无理由退换货，运费险",
        "不是质量问题吗？",  # the consumer asking
        "难道不是质量问题吗",
        "是不是质量问题",
        "有没有质量问题",
        "支不支持七天无理由",
        "还没超过售后期",
        "没有超过退货时间",
        "未超过售后期",
        "我们已联系厂家，请耐心等待",
        "我们帮您联系厂家",
        "没有使用过，吊牌都在",
        "未拆封",
        "质量问题运费由我们承担",
        "您好，已为您退款",
        "",
    ],
)
def test_the_opposite_of_a_refusal_is_not_one(text):
    assert find_excuses(text) == []


def test_several_refusals_in_one_reply_are_each_found_in_order():
    found = find_excuses("亲，已拆封了，而且不支持七天无理由，运费自理哦")
    assert [item.excuse.id for item in found] == [
        "unsealed_no_return",
        "no_seven_day_return",
        "shipping_paid_by_buyer",
    ]


def test_normalising_keeps_where_each_character_came_from():
    norm, origin = normalise("不 支持，七 天")
    assert norm == "不支持7天"
    assert origin == [0, 2, 3, 5, 7]


def line(text, left, right, top=0):
    return {"text": text, "box": [left, top, right, top + 40]}


def test_in_a_chat_only_the_left_hand_bubbles_are_the_merchants():
    lines = [
        line("客服小美", 400, 770, 20),  # the title bar: centred, not the merchant's bubble
        line("亲，已过售后期了哦", 130, 600, 200),
        line("你们说不是质量问题，可是屏幕坏了", 400, 1040, 320),  # the consumer, on the right
        line("不支持七天无", 130, 420, 440),  # one bubble wrapped over two lines
        line("理由退货", 130, 300, 490),
    ]
    chosen, known = other_side_lines(lines, 1170)
    assert known and chosen == [1, 3, 4]
    found, known = excuses_in_lines(lines, 1170, chat=True)
    assert known
    assert [item.excuse.id for item in found] == ["after_sales_expired", "no_seven_day_return"]


def test_without_boxes_every_line_is_read_and_the_side_is_unknown():
    lines = [{"text": "不是质量问题"}, {"text": "亲，已过售后期了"}]
    found, known = excuses_in_lines(lines, None, chat=True)
    assert not known
    assert [item.excuse.id for item in found] == ["not_quality_problem", "after_sales_expired"]


def test_a_page_that_is_not_a_chat_is_read_whole():
    lines = [line("不支持7天无理由退货", 700, 1100)]  # a product page's tag, on the right
    found, known = excuses_in_lines(lines, 1170, chat=False)
    assert known and [item.excuse.id for item in found] == ["no_seven_day_return"]


@pytest.mark.parametrize(
    ("kind", "found"),
    [
        (EventKind.MERCHANT_REPLY, ["after_sales_expired"]),
        (EventKind.PLATFORM_DECISION, ["after_sales_expired"]),
        (EventKind.PHONE_CALL, ["after_sales_expired"]),
        # The consumer's own message and notes are not the merchant's words.
        (EventKind.MERCHANT_MESSAGE, []),
        (EventKind.NOTE, []),
        (EventKind.PLATFORM_REQUEST, []),
    ],
)
def test_only_the_other_sides_entries_are_read(kind, found):
    event = CaseEvent(kind=kind, summary="商家说已过售后期")
    assert [item.excuse.id for item in excuses_in_entry(event)] == found
    assert (kind in MERCHANT_SIDE_KINDS) == bool(found)


def test_a_promise_is_read_too():
    event = CaseEvent(
        kind=EventKind.PHONE_CALL, summary="客服回电", data={"promise": "退货运费自理"}
    )
    assert [item.excuse.id for item in excuses_in_entry(event)] == ["shipping_paid_by_buyer"]
