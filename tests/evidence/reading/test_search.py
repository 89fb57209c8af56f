"""How a search reads the words typed and marks what they found (evidence/reading/search.py):
pure functions, no database."""

import pytest

from evidence.reading.search import Part, excerpt, marked, matching_lines, search_words


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("七天无理由", ["七天无理由"]),
        ("  七天  退货 ", ["七天", "退货"]),
        ("七天\u3000退货", ["七天", "退货"]),  # the full-width space of a Chinese keyboard
        ("退货 退货", ["退货"]),
        ("a b c d e f g", ["a", "b", "c", "d", "e"]),  # at most five
        ("", []),
        ("   ", []),
    ],
)
def test_search_words(query, words):
    assert search_words(query) == words


def test_a_long_query_is_cut_to_a_hundred_characters():
    assert search_words("字" * 150) == ["字" * 100]


def test_marked_cuts_a_line_into_hit_and_plain_parts():
    assert marked("客服：不支持七天无理由退货", ["七天", "退货"]) == [
        Part("客服：不支持", False),
        Part("七天", True),
        Part("无理由", False),
        Part("退货", True),
    ]


def test_marked_ignores_case_and_width_and_joins_overlapping_hits():
    assert marked("实付款￥299.00 SF1234", ["¥299", "sf12", "F1234"]) == [
        Part("实付款", False),
        Part("￥299", True),
        Part(".00 ", False),
        Part("SF1234", True),
    ]


def test_marked_without_words_is_the_line_alone():
    assert marked("已过售后期", []) == [Part("已过售后期", False)]


def test_matching_lines_keeps_the_lines_with_a_hit_at_most_limit():
    text = "退货1\n无关\n退货2\n退货3\n退货4"
    found = matching_lines(text, ["退货"], limit=3)
    assert ["".join(p.text for p in parts) for parts in found] == ["退货1", "退货2", "退货3"]
    assert matching_lines(text, ["发票"]) == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\n  \n店铺：小米官方旗舰店\n实付款", "店铺：小米官方旗舰店"),
        ("", ""),
        ("字" * 50, "字" * 39 + "…"),
        ("字" * 40, "字" * 40),
    ],
)
def test_excerpt_is_the_first_line_with_text_cut_to_fit(text, shown):
    assert excerpt(text) == shown
