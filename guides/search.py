"""Find a guide by the words people type: 七天无理由, 运费谁出, 退一赔三, 7天 for 七天.

Chinese has no spaces, so words are matched as substrings of a guide's title, the questions
it answers, its keyword list, its headings, its description and its text; a query typed
without spaces ("抖音买到假货怎么维权") also matches the guides whose keywords it contains.
Digits and their Chinese numerals are folded, and a few spellings are one word.
"""

from collections.abc import Iterable
from typing import Protocol, TypeVar

# Spellings people type for the same thing, folded to the one the guides use.
SYNONYMS = {
    "7天": "七天",
    "7日": "七天",
    "七日": "七天",
    "无理由退换": "无理由退货",
    "邮费": "运费",
    "快递费": "运费",
    "假1赔3": "退一赔三",
    "假一赔三": "退一赔三",
    "3倍赔偿": "退一赔三",
    "三倍赔偿": "退一赔三",
    "假1赔10": "假一赔十",
    "10倍赔偿": "假一赔十",
    "十倍赔偿": "假一赔十",
    "直播间": "直播",
    "主播": "直播",
    "验货": "鉴定",
    "鉴别": "鉴定",
    "检测": "鉴定",
    "客服电话": "电话",
    "投诉电话": "电话",
    "热线": "电话",
}
MIN_KEYWORD = 2  # a keyword found inside an unspaced query must be at least this long


class Searchable(Protocol):
    title: str
    description: str
    questions: tuple[str, ...]
    keywords: tuple[str, ...]
    toc: tuple[dict, ...]
    text: str


def fold(text: str) -> str:
    """The form queries and guides are compared in."""
    text = text.replace("\u3000", " ").casefold()
    for spelling, word in SYNONYMS.items():
        text = text.replace(spelling, word)
    return text


def _fields(item: Searchable) -> list[tuple[str, int]]:
    headings = " ".join(token["name"] for token in item.toc)
    return [
        (fold(item.title), 5),
        (fold(" ".join(item.questions)), 4),
        (fold(" ".join(item.keywords)), 4),
        (fold(headings), 3),
        (fold(item.description), 2),
        (fold(item.text), 1),
    ]


def _keywords(item: Searchable) -> list[str]:
    return [fold(word) for word in item.keywords if len(word) >= MIN_KEYWORD]


T = TypeVar("T", bound=Searchable)


def search_guides(query: str, guides: Iterable[T]) -> list[T]:
    """Guides matching every word of the query, best first (title and keywords count most)."""
    words = fold(query).split()
    if not words:
        return list(guides)
    scored = []
    for item in guides:
        fields = _fields(item)
        keywords = _keywords(item)
        score = 0
        for word in words:
            direct = sum(weight for text, weight in fields if word in text)
            inside = sum(3 for keyword in keywords if keyword in word and keyword != word)
            if not direct and not inside:
                break
            score += direct + inside
        else:
            scored.append((-score, item.title, item))
    return [item for *_key, item in sorted(scored, key=lambda entry: entry[:2])]
