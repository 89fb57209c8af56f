"""How a search of transcripts reads the words typed and marks what they found. Pure: text in,
text out, no database (the queries are in evidence/selectors.py and advisors/selectors.py).

Chinese is written without spaces, so a "word" is whatever the consumer typed between spaces:
"七天 无理由" finds a screenshot holding both, anywhere in it. The database matches each word
as typed, ignoring case (`icontains`); marking the hit in a line also ignores the width of the
forms OCR reads either way (the full-width ￥ and ： of a screenshot against ¥ and :).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MAX_WORDS = 5
MAX_QUERY = 100
EXCERPT = 40


@dataclass(frozen=True)
class Part:
    text: str
    hit: bool


def search_words(query: str) -> list[str]:
    """The words of a query as typed (spaces, full-width ones too, between them): at most five,
    from at most a hundred characters."""
    words: list[str] = []
    for word in (query or "")[:MAX_QUERY].split():
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def _folded(text: str) -> str:
    """NFKC then casefold, one character at a time, so positions line up with `text`."""
    return "".join(
        folded if len(folded := unicodedata.normalize("NFKC", c).casefold()) == 1 else c
        for c in text
    )


def marked(line: str, words: list[str]) -> list[Part]:
    """A line cut into parts, the parts any of the words matched marked (for <mark>)."""
    folded = _folded(line)
    hits = [False] * len(line)
    for word in words:
        needle = _folded(word)
        if not needle:
            continue
        start = folded.find(needle)
        while start != -1:
            for i in range(start, min(start + len(needle), len(line))):
                hits[i] = True
            start = folded.find(needle, start + 1)
    parts: list[Part] = []
    for char, hit in zip(line, hits, strict=True):
        if parts and parts[-1].hit == hit:
            parts[-1] = Part(parts[-1].text + char, hit)
        else:
            parts.append(Part(char, hit))
    return parts


def has_hit(parts: list[Part]) -> bool:
    return any(part.hit for part in parts)


def matching_lines(text: str, words: list[str], *, limit: int = 3) -> list[list[Part]]:
    """The lines of a transcript that hold one of the words, marked, at most `limit`."""
    found = []
    for line in text.splitlines():
        parts = marked(line, words)
        if has_hit(parts):
            found.append(parts)
            if len(found) == limit:
                break
    return found


def excerpt(text: str, *, length: int = EXCERPT) -> str:
    """The first line of a transcript with text in it, cut to fit one line of a tile."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= length else line[: length - 1] + "…"
    return ""
