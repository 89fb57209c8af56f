"""What a guide says and how: nothing beyond its source, citations written once, a first
screen with the answer, a number and the button, sources a reader understands, one voice,
and search that finds a guide by the words people type."""

import re
from html import unescape

import pytest
from django.urls import reverse

from cases.rules import _short_title, all_rules, excuses
from guides.library import ANSWER_MAX, all_guides, glossary_page, search
from guides.render import _lookups, _snippet, render_guide
from platforms.directory import directory_load
from platforms.models import ContactChannel, VerificationStatus
from platforms.templatetags.platform_directory import dial_href

pytestmark = pytest.mark.django_db

GUIDES = sorted(all_guides())
NEW_GUIDES = [
    "livestream-counterfeit",
    "no-reason-return-refused",
    "return-shipping",
    "counterfeit-appraisal",
    "pinduoduo-refund-only-and-ten",
    "injury-or-allergy",
    "electronics-six-months",
]
# How a guide says in plain words that something is not verified.
QUALIFIER = re.compile(r"未核实|没有核实|未找到来源|没有找到|只找到|尚未与法条原文核对")
# Facts the reference holds at medium or low confidence: wherever a guide's prose names one,
# the same paragraph says it is not verified.
MEDIUM_OR_LOW = ("正品保证险", "假一赔四", "假一赔十", "仅退款", "168", "真实宝", "申诉")
# The seed articles the guides answer (web pages, not sources) and jargon a reader cannot use.
SEED_TITLES = ("抖音上买到假货怎么维护", "天猫买假货如何投诉电话", "网上怎么维护消费者权益",
               "多途径应对抖音退款难题", "在如今的电商时代")  # fmt: skip
JARGON = ("GitHub", "JS ", "SEO", "占位", "src/", "WEB-INF")


@pytest.fixture(autouse=True)
def directory(db):
    directory_load()


def test_the_seven_new_guides_exist_and_load():
    for slug in NEW_GUIDES:
        assert slug in all_guides(), slug
        assert render_guide(all_guides()[slug]).missing == []


def test_no_citation_repeats_a_laws_title():
    for item in [*all_rules().values(), *excuses().values()]:
        title = _short_title(item.sources[0].title)
        assert item.citation.count(f"《{title}》") == 1, item.citation
        assert not item.article.startswith("《"), item.id
    for slug in GUIDES:
        html = render_guide(all_guides()[slug]).html
        assert not re.search(r"(《[^》]+》)\1", html), slug


def test_a_short_title_keeps_the_number_of_a_series():
    spc = all_rules()["seller_promise"]
    title = "最高人民法院关于审理网络消费纠纷案件适用法律若干问题的规定（一）"
    assert spc.citation.startswith(f"《{title}》")
    assert all_rules()["quality_return"].citation == "《消费者权益保护法》第二十四条"


@pytest.mark.parametrize("slug", GUIDES)
def test_a_rule_in_a_sentence_is_its_citation_not_its_text(slug):
    """The statute text sits one tap away (in <details>), so no "。）。" in the prose."""
    rendered = render_guide(all_guides()[slug])
    assert "。）" not in rendered.html
    for rule in rendered.rules:
        inline = rule.summary[:20]
        outside_details = re.sub(r"<details.*?</details>", "", rendered.html, flags=re.S)
        assert inline not in outside_details, (slug, rule.id)


@pytest.mark.parametrize("slug", GUIDES)
def test_every_medium_or_low_fact_carries_its_plain_words_qualifier(slug):
    item = all_guides()[slug]
    found = _lookups(item.references)
    for reference in item.references:
        entry = found[reference.kind].get(reference.name)
        if reference.kind in ("channel", "policy"):
            weak = entry.status != VerificationStatus.VERIFIED
        elif reference.kind == "rule":
            weak = entry.confidence != "high"
        else:
            continue
        if weak:
            for block in (False, True):
                text = unescape(re.sub(r"<[^>]+>", "", _snippet(reference, entry, block=block)))
                assert QUALIFIER.search(text), (slug, reference, text)
    html = render_guide(item).html
    paragraphs = re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", html, flags=re.S)
    for paragraph in paragraphs:
        text = re.sub(r"<[^>]+>", "", paragraph)
        if any(term in text for term in MEDIUM_OR_LOW):
            assert QUALIFIER.search(text), (slug, text)


@pytest.mark.parametrize("slug", GUIDES)
def test_the_first_screen_has_the_answer_and_a_number_to_tap(slug):
    item = all_guides()[slug]
    answer = re.sub(r"<[^>]+>", "", item.answer_html).strip()
    assert answer and len(answer) <= ANSWER_MAX, slug
    channels = ContactChannel.objects.filter(key__in=item.call)
    assert len(channels) == len(item.call), slug
    assert any(dial_href(channel) for channel in channels), f"{slug}: no number to tap"


@pytest.mark.parametrize("slug", GUIDES)
def test_the_page_puts_answer_channel_and_button_before_the_contents(client, slug):
    page = client.get(reverse("guides:detail", args=[slug])).content.decode()
    first = page.index('class="guide-first')
    assert first < page.index("guide-answer") < page.index("start-case") < page.index("guide-body")
    assert 'href="tel:' in page[first : page.index("start-case")]
    assert re.search(r'<details class="toc[^"]*">', page), "the contents start collapsed"
    assert reverse("guides:glossary") in page


@pytest.mark.parametrize("slug", GUIDES)
def test_sources_are_lines_a_reader_understands(slug):
    for source in all_guides()[slug].sources:
        title = source["title"]
        assert not any(seed in title for seed in SEED_TITLES), (slug, title)
        assert not any(word in title for word in JARGON), (slug, title)
        assert source.get("note"), f"{slug}: say what {title} is and whether it was checked"


@pytest.mark.parametrize("slug", [*GUIDES, "glossary"])
def test_one_voice_and_one_word_for_the_steps(slug):
    from guides.library import CONTENT, GLOSSARY

    path = GLOSSARY if slug == "glossary" else CONTENT / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    for word in ("本站", "梯子", "台阶", "旁路", "打不对口", "凭什么", "先说结论"):
        assert word not in text, (slug, word)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("七天无理由", {"no-reason-return-refused"}),
        ("7天无理由", {"no-reason-return-refused"}),
        ("运费", {"return-shipping"}),
        ("运费谁出", {"return-shipping"}),
        ("退一赔三", {"tmall-counterfeit", "douyin-counterfeit", "livestream-counterfeit"}),
        ("假一赔十", {"pinduoduo-refund-only-and-ten"}),
        ("鉴定", {"counterfeit-appraisal"}),
        ("鉴定费谁出", {"counterfeit-appraisal"}),
        ("直播", {"livestream-counterfeit"}),
        ("主播", {"livestream-counterfeit"}),
        ("特价不退", {"no-reason-return-refused"}),
        ("过敏", {"injury-or-allergy"}),
        ("举证责任", {"electronics-six-months"}),
        ("抖音买到假货怎么维权", {"douyin-counterfeit"}),
        ("拼多多 投诉电话", {"pinduoduo-complaint-channels"}),
    ],
)
def test_search_finds_the_right_guide_for_what_people_type(client, query, expected):
    found = [item.slug for item in search(query)]
    assert found and found[0] in expected, (query, found[:3])
    page = client.get(reverse("guides:list"), {"q": query}).content.decode()
    assert reverse("guides:detail", args=[found[0]]) in page


def test_the_glossary_defines_the_words_once_and_renders(client):
    page = glossary_page()
    assert render_guide(page).missing == []
    headings = [token["name"] for token in page.toc]
    assert len(headings) == len(set(headings))
    for word in ("投诉", "举报", "申诉", "平台介入", "退一赔三"):
        assert word in headings
    response = client.get(reverse("guides:glossary"))
    assert response.status_code == 200
    assert "维权用语小词典" in response.content.decode()


def test_worked_examples_are_computed_from_the_rule(monkeypatch):
    html = render_guide(all_guides()["tmall-counterfeit"]).html
    assert "花 ¥100 买到" in html and "另赔 ¥500" in html and "一共拿回 ¥600" in html
    assert "另赔 ¥3,000" in html and "一共拿回 ¥4,000" in html
    food = render_guide(all_guides()["injury-or-allergy"]).html
    assert "花 ¥50 买到不符合食品安全标准的食品" in food and "另赔 ¥1,000" in food
