"""Finds the merchant's common refusals (rules.yaml `excuses`) in what the other side said.

Pure: text in, the entries found with the span they were found at out. Text from chat and
OCR is messy, so both the text and the table's wordings are first normalised the same way:
full-width to half-width (NFKC), no spaces or punctuation, chat fillers dropped (亲、哦、呢…),
七 read as 7 and 日 after a number as 天. A wording is not a refusal when the words around it
turn it round: a question (不是质量问题吗？, 是不是质量问题), a negation just before it
(还没超过售后期) or the entry's own `not_after` words (已联系厂家). "支持七天无理由退货"
never matches, since every wording is the refusal itself.

Who said it: logged replies of the merchant, the platform or a call are the other side's
(`MERCHANT_SIDE_KINDS`); a chat screenshot's bubbles on the left are the other side's, so
only the lines nearer the left edge are read when the image's width and the line boxes are
known (`other_side_lines`); otherwise every line is, and the match says the side is unknown.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from .models import Case, CaseEvent, EventKind
from .rules import Excuse, excuses

# Particles chat puts between words; dropped before matching.
FILLERS = frozenset("亲哦呢呀啊哈嘛啦哟喔噢滴~")
# Words that, just before a wording, deny it: 没有超过售后期, 还没过售后期.
NEGATIONS = ("没有", "并没有", "没", "未", "并未", "尚未", "还没", "还未", "不会")
# After a wording: it was asked, not said (不是质量问题吗？).
QUESTION_MARKS = frozenset("?吗么")
NUMBER = "[0-9一二三四五六八九十两百]+"
# Entries whose words are the merchant's, the platform's or their agent's, and which facts
# of them to read besides the summary.
MERCHANT_SIDE_KINDS: dict[str, tuple[str, ...]] = {
    EventKind.MERCHANT_REPLY: ("promise",),
    EventKind.PLATFORM_DECISION: ("promise",),
    EventKind.PHONE_CALL: ("promise",),
}


def _kept(char: str) -> bool:
    if char in FILLERS or char.isspace():
        return False
    if char == "?":
        return True
    return unicodedata.category(char)[0] not in "PSZC"


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as matched, and for each of its characters the index it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKC", char).lower():
            if not _kept(part):
                continue
            if part == "七":
                part = "7"
            elif part == "日" and chars and chars[-1].isdigit():
                part = "天"
            chars.append(part)
            origin.append(index)
    return "".join(chars), origin


def _pattern(phrase: str) -> str:
    return NUMBER.join(re.escape(normalise(part)[0]) for part in phrase.split("{n}"))


@cache
def _compiled() -> tuple[tuple[Excuse, re.Pattern[str]], ...]:
    compiled = []
    for excuse in excuses().values():
        patterns = sorted({_pattern(phrase) for phrase in excuse.phrases}, key=len, reverse=True)
        compiled.append((excuse, re.compile("|".join(patterns))))
    return tuple(compiled)


@dataclass(frozen=True)
class Found:
    """A refusal found in a text: the words as written, and where (indices in the text)."""

    excuse: Excuse
    start: int
    end: int
    quote: str


def _turned_round(excuse: Excuse, norm: str, start: int, end: int) -> bool:
    if end < len(norm) and norm[end] in QUESTION_MARKS:
        return True
    # A-not-A asks: 是不是质量问题, 有没有质量问题, 支不支持七天无理由.
    if start > 0 and norm[start] in "不没" and norm[start - 1] == norm[start + 1]:
        return True
    before = norm[:start]
    return any(before.endswith(normalise(word)[0]) for word in (*NEGATIONS, *excuse.not_after))


def find_excuses(text: str) -> list[Found]:
    """The refusals said in `text`, in the order they appear, each entry once (where it is
    first said).

    Where two wordings overlap (特价商品不退 and 不退不换 in 特价商品不退不换), the longer
    one is the refusal."""
    norm, origin = normalise(text)
    candidates = []
    for excuse, pattern in _compiled():
        for match in pattern.finditer(norm):
            start, end = match.span()
            if not _turned_round(excuse, norm, start, end):
                candidates.append((excuse, start, end))
    kept: list[tuple[Excuse, int, int]] = []
    for excuse, start, end in sorted(candidates, key=lambda c: c[1] - c[2]):
        if not any(start < e and s < end for _, s, e in kept):
            kept.append((excuse, start, end))
    found = []
    seen: set[str] = set()
    for excuse, start, end in sorted(kept, key=lambda c: c[1]):
        if excuse.id in seen:
            continue
        seen.add(excuse.id)
        first, last = origin[start], origin[end - 1] + 1
        found.append(Found(excuse, first, last, text[first:last]))
    return found


def other_side_lines(lines: Sequence[Mapping], width: int | None) -> tuple[list[int], bool]:
    """Which OCR lines of a chat screenshot the other side wrote, and whether that is known.

    Chat apps put the other side's bubbles on the left and one's own on the right: a line
    nearer the left edge than the right one is theirs. Without the image's width or the
    lines' boxes the side cannot be told: every line is returned, and False."""
    boxes: list[Sequence[float]] = [line.get("box") or () for line in lines]
    if not width or not all(len(box) == 4 for box in boxes):
        return list(range(len(lines))), False
    return [index for index, box in enumerate(boxes) if box[0] < width - box[2]], True


@dataclass(frozen=True)
class Seen:
    """A refusal found in the case: in a timeline entry or in an evidence file's text."""

    excuse: Excuse
    quote: str
    event_id: int | None = None
    evidence_number: int | None = None
    # False when a screenshot's lines could not be told apart by side: it may be the
    # consumer's own words.
    side_known: bool = True


def excuses_in_lines(
    lines: Sequence[Mapping], width: int | None, *, chat: bool
) -> tuple[list[Found], bool]:
    """The refusals in an image's OCR lines: in a chat, only the other side's lines (joined,
    so a wording wrapped over two lines is found); elsewhere all of them."""
    if chat:
        chosen, side_known = other_side_lines(lines, width)
    else:
        chosen, side_known = list(range(len(lines))), True
    text = "\n".join(str(lines[index].get("text", "")) for index in chosen)
    return find_excuses(text), side_known


def excuses_in_entry(event: CaseEvent) -> list[Found]:
    """The refusals in a logged entry, if its kind is the merchant's or platform's words."""
    facts = MERCHANT_SIDE_KINDS.get(event.kind)
    if facts is None or event.hidden_at is not None:
        return []
    data = event.data or {}
    texts = [event.summary or "", *(str(data.get(key) or "") for key in facts)]
    return find_excuses("\n".join(text for text in texts if text))


def seen_in_entries(events: Iterable[CaseEvent]) -> list[Seen]:
    return [
        Seen(found.excuse, found.quote, event_id=event.pk)
        for event in events
        for found in excuses_in_entry(event)
    ]


# Other apps that hold the case's words (the evidence app's transcripts) register a source
# here in AppConfig.ready(): cases cannot import them (as cases/dependents.py).
Source = Callable[..., list[Seen]]  # called as source(case=case)
_SOURCES: list[Source] = []


def excuse_source_register(source: Source) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def seen_elsewhere(*, case: Case) -> list[Seen]:
    """The refusals the other apps found for this case, read once per case object (a dossier
    writes four letters from one case); none for a case not saved yet (the warm-up's)."""
    if case.pk is None:
        return []
    kept = case.__dict__.get("_excuses_elsewhere")
    if kept is None:
        kept = [seen for source in _SOURCES for seen in source(case=case)]
        case.__dict__["_excuses_elsewhere"] = kept
    return list(kept)


def distinct(seen: Iterable[Seen]) -> list[Seen]:
    """Each refusal once, where it was first found: the letters answer each once."""
    first: dict[str, Seen] = {}
    for item in seen:
        first.setdefault(item.excuse.id, item)
    return list(first.values())
