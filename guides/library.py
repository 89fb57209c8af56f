"""Guides: versioned Markdown files with front matter, rendered with live references.

A guide never types a phone number, in-app path, deadline or statute into its prose: it
writes `{{ channel:douyin-phone }}`, `{{ rule:no_reason_return }}`, `{{ policy:tmall/CODE }}`,
`{{ platform:pinduoduo }}` or `{{ amount:fraud_compensation/100 }}` (a worked example computed
from the rule), and the page shows the directory's or the rules' current entry with its
source and verification status.

Its first screen comes from the front matter: `answer` (two or three lines, references
allowed), `call` (the channel keys to use, one of them a phone line) and the "start" button;
`keywords` are the words people type that the text may not contain (search).

A reference that does not resolve is an error the test suite reports (tests/guides), never a
blank on the reader's page.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import markdown
import yaml
from markdown.extensions.toc import slugify_unicode

from .search import search_guides

logger = logging.getLogger(__name__)

CONTENT = Path(__file__).resolve().parent / "content"
GLOSSARY = Path(__file__).resolve().parent / "pages" / "glossary.md"
REFERENCE = re.compile(r"\{\{\s*(channel|rule|policy|platform|amount):([\w\-/]+)\s*\}\}")
PLACEHOLDER = "WQREF{}END"
PLACEHOLDER_RE = re.compile(r"(<p>)?WQREF(\d+)END(</p>)?")
REQUIRED = {"title", "description", "reviewed", "sources"}
KNOWN = REQUIRED | {"platform", "problem", "stages", "questions", "answer", "call", "keywords"}
# The longest first-screen answer, in characters: about three lines on a 390 px phone.
ANSWER_MAX = 90


class GuideError(ValueError):
    pass


@dataclass(frozen=True)
class Reference:
    kind: str  # channel | rule | policy | platform | amount
    name: str  # the key, rule id, "platform/code", platform slug or "rule_id/price"


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    description: str
    reviewed: date
    sources: tuple[dict, ...]
    platform: str = ""
    problem: str = ""
    stages: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # words people type that the text may not contain
    call: tuple[str, ...] = ()  # channel keys on the first screen
    answer_html: str = ""  # the first screen's answer, references still as placeholders
    html: str = ""  # Markdown rendered, references still as placeholders
    toc: tuple[dict, ...] = ()
    references: tuple[Reference, ...] = ()
    text: str = field(default="", repr=False)  # plain text, for search

    @property
    def start_query(self) -> str:
        """What the "start" button fills into a new case."""
        parts = [f"platform={self.platform}"] if self.platform else []
        if self.problem:
            parts.append(f"problem={self.problem}")
        return "&".join(parts)


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise GuideError(f"{path.name}: no front matter (--- at the top)")
    head, _sep, body = text[4:].partition("\n---\n")
    meta = yaml.safe_load(head) or {}
    missing = REQUIRED - meta.keys()
    unknown = meta.keys() - KNOWN
    if missing or unknown:
        raise GuideError(f"{path.name}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    return meta, body


def _convert(source: str, references: list[Reference]) -> tuple[str, markdown.Markdown]:
    def hold(match: re.Match) -> str:
        references.append(Reference(match.group(1), match.group(2)))
        return PLACEHOLDER.format(len(references) - 1)

    converter = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists"],
        extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-3"}},
    )
    return converter.convert(REFERENCE.sub(hold, source)), converter


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", PLACEHOLDER_RE.sub(" ", html)).split())


def parse(path: Path) -> Guide:
    meta, body = _front_matter(path)
    references: list[Reference] = []
    answer = str(meta.get("answer") or "").strip()
    if len(REFERENCE.sub("", answer)) > ANSWER_MAX:
        raise GuideError(f"{path.name}: the answer is longer than {ANSWER_MAX} characters")
    answer_html = _convert(answer, references)[0] if answer else ""
    html, converter = _convert(body, references)
    reviewed = meta["reviewed"]
    if not isinstance(reviewed, date):
        raise GuideError(f"{path.name}: reviewed must be a date (YYYY-MM-DD)")
    call = meta.get("call") or ()
    references += [Reference("channel", key) for key in call]
    return Guide(
        slug=path.stem,
        title=str(meta["title"]),
        description=str(meta["description"]),
        reviewed=reviewed,
        sources=tuple(meta["sources"] or ()),
        platform=str(meta.get("platform") or ""),
        problem=str(meta.get("problem") or ""),
        stages=tuple(meta.get("stages") or ()),
        questions=tuple(meta.get("questions") or ()),
        keywords=tuple(str(word) for word in meta.get("keywords") or ()),
        call=tuple(call),
        answer_html=answer_html,
        html=html,
        toc=tuple(
            {"id": token["id"], "name": token["name"], "children": token["children"]}
            for token in converter.toc_tokens
        ),
        references=tuple(references),
        text=" ".join([_plain(answer_html), _plain(html)]),
    )


@cache
def _load(stamp: tuple) -> tuple[dict[str, Guide], tuple[str, ...]]:
    guides, errors = {}, []
    for path in sorted(CONTENT.glob("*.md")):
        try:
            guides[path.stem] = parse(path)
        except (GuideError, yaml.YAMLError, KeyError, TypeError) as error:
            # One broken file must not take the other guides (or the case page) down; the
            # test suite fails on it (load_errors) before it can ship.
            logger.error("guide %s not loaded: %s", path.name, error)
            errors.append(f"{path.name}: {error}")
    return guides, tuple(errors)


def _stamp() -> tuple:
    return tuple((path.name, path.stat().st_mtime_ns) for path in sorted(CONTENT.glob("*.md")))


def load_errors() -> tuple[str, ...]:
    return _load(_stamp())[1]


def all_guides() -> dict[str, Guide]:
    """Every guide by slug, parsed once per process (again if a file changed)."""
    return _load(_stamp())[0]


@cache
def _glossary(stamp: int) -> Guide:
    return parse(GLOSSARY)


def glossary_page() -> Guide:
    """The glossary: written like a guide (references resolve), but not one of them."""
    return _glossary(GLOSSARY.stat().st_mtime_ns)


def guide(slug: str) -> Guide | None:
    return all_guides().get(slug)


def search(query: str) -> list[Guide]:
    return search_guides(query, all_guides().values())


def for_case(*, platform: str, stage: str, limit: int = 3) -> list[Guide]:
    """The guides for a case's platform and stage, then the general ones for the stage."""
    matching = [item for item in all_guides().values() if stage in item.stages]
    own = [item for item in matching if item.platform == platform]
    general = [item for item in matching if not item.platform]
    return (own + general)[:limit]
