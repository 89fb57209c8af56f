"""The legal rules in cases/data/rules.yaml, read once: numbers with their statute beside them."""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.yaml"


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    article: str
    summary: str
    sources: tuple[Source, ...]
    confidence: str
    parameters: dict = field(default_factory=dict)

    @property
    def citation(self) -> str:
        """《法名》第N条 — how the rule is cited on pages and in letters."""
        return f"《{_short_title(self.sources[0].title)}》{self.article}"

    def __getitem__(self, name: str):
        return self.parameters[name]


def _short_title(title: str) -> str:
    return title.split("（", 1)[0].removeprefix("中华人民共和国")


@cache
def _load() -> tuple[dict[str, Rule], list[dict]]:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    sources = {key: Source(**value) for key, value in data["sources"].items()}
    rules = {}
    for rule_id, entry in data["rules"].items():
        entry = dict(entry)
        source_ids = entry.pop("source")
        rules[rule_id] = Rule(
            id=rule_id,
            article=entry.pop("article"),
            summary=entry.pop("summary"),
            sources=tuple(sources[source_id] for source_id in source_ids),
            confidence=entry.pop("confidence"),
            parameters={key: value for key, value in entry.items() if key != "law"},
        )
    return rules, data["fixed_date_holidays"]["dates"]


def rule(rule_id: str) -> Rule:
    return _load()[0][rule_id]


def all_rules() -> dict[str, Rule]:
    return dict(_load()[0])


def fixed_date_holidays() -> dict[tuple[int, int], str]:
    """(month, day) → name of the statutory holidays that do not move."""
    return {(entry["month"], entry["day"]): entry["name"] for entry in _load()[1]}
