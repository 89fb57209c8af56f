"""Guides: versioned Markdown files with front matter, rendered with live references.

A guide never types a phone number, in-app path, deadline or statute into its prose: it
writes `{{ channel:douyin-phone }}`, `{{ rule:no_reason_return }}`, `{{ policy:tmall/CODE }}`
or `{{ platform:pinduoduo }}`, and the page shows the directory's or the rules' current
entry with its source and verification status. A reference that does not resolve is an
error the test suite reports (tests/guides), never a blank on the reader's page.
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

logger = logging.getLogger(__name__)

CONTENT = Path(__file__).resolve().parent / "content"
REFERENCE = re.compile(r"\{\{\s*(channel|rule|policy|platform):([\w\-/]+)\s*\}\}")
PLACEHOLDER = "WQREF{}END"
PLACEHOLDER_RE = re.compile(r"(<p>)?WQREF(\d+)END(</p>)?")
REQUIRED = {"title", "description", "reviewed", "sources"}
KNOWN = REQUIRED | {"platform", "problem", "stages", "questions"}


class GuideError(ValueError):
    pass


@dataclass(frozen=True)
class Reference:
    kind: str  # channel | rule | policy | platform
    name: str  # the key, rule id, "platform/code" or platform slug


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


def parse(path: Path) -> Guide:
    meta, body = _front_matter(path)
    references: list[Reference] = []

    def hold(match: re.Match) -> str:
        references.append(Reference(match.group(1), match.group(2)))
        return PLACEHOLDER.format(len(references) - 1)

    source = REFERENCE.sub(hold, body)
    converter = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists"],
        extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-3"}},
    )
    html = converter.convert(source)
    reviewed = meta["reviewed"]
    if not isinstance(reviewed, date):
        raise GuideError(f"{path.name}: reviewed must be a date (YYYY-MM-DD)")
    plain = re.sub(r"<[^>]+>", " ", PLACEHOLDER_RE.sub(" ", html))
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
        html=html,
        toc=tuple(
            {"id": token["id"], "name": token["name"], "children": token["children"]}
            for token in converter.toc_tokens
        ),
        references=tuple(references),
        text=" ".join(plain.split()),
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


def guide(slug: str) -> Guide | None:
    return all_guides().get(slug)


def search(query: str) -> list[Guide]:
    """Guides mentioning every word of the query, best first: titles and the questions a
    guide answers count more than its text. Chinese has no spaces, so words are matched as
    substrings."""
    words = query.split()
    if not words:
        return list(all_guides().values())
    scored = []
    for item in all_guides().values():
        fields = [
            (item.title, 5),
            (" ".join(item.questions), 4),
            (item.description, 2),
            (item.text, 1),
        ]
        if not all(any(word in text for text, _weight in fields) for word in words):
            continue
        score = sum(weight for word in words for text, weight in fields if word in text)
        scored.append((-score, item.title, item))
    return [item for *_key, item in sorted(scored, key=lambda entry: entry[:2])]


def for_case(*, platform: str, stage: str, limit: int = 3) -> list[Guide]:
    """The guides for a case's platform and stage, then the general ones for the stage."""
    matching = [item for item in all_guides().values() if stage in item.stages]
    own = [item for item in matching if item.platform == platform]
    general = [item for item in matching if not item.platform]
    return (own + general)[:limit]
