"""The legal rules in cases/data/rules.yaml, read once: numbers with their statute beside them.

The file is data the code obeys, not commentary beside it: a rule's `unit` says how its
period is counted (calendar days, working days, years) and `roll_forward` whether a last day
on a rest day moves to the next working day; the default for `roll_forward` is the
`period_counting` rule's (民法典 Art. 203). Every key is one the code reads: an unknown key,
unit or source is refused when the file is loaded, so a number cannot sit in the file while
the code goes on using another.

The same file holds the answers to the merchant's common refusals (`excuses`): each with the
wordings that match it, what the law says, when the refusal holds and when it does not, the
next step and the sentence the letters answer it with, cited like a rule. cases/excuses.py
matches them; the loader refuses an entry without any of these, or with a source, a
confidence or a rung it does not know.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.yaml"

# What every rule says, and the parameters the code reads from some of them.
RULE_KEYS = {"article", "summary", "source", "confidence"}
PARAMETER_KEYS = {
    "days",
    "years",
    "unit",
    "roll_forward",
    "multiplier",
    "minimum_yuan",
    "price_multiplier",
    "loss_multiplier",
}
CONFIDENCE = {"high", "medium", "low"}
# The rule that says how periods are counted, and so the default for `roll_forward`.
PERIOD_COUNTING = "period_counting"


class RulesError(ValueError):
    """rules.yaml says something the code cannot obey."""


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    YEARS = "years"


# The key that holds a period's length, by its unit.
AMOUNT_KEY = {Unit.CALENDAR_DAYS: "days", Unit.WORKING_DAYS: "days", Unit.YEARS: "years"}


@dataclass(frozen=True)
class Period:
    """How long a rule's period lasts and how its last day is found."""

    amount: int
    unit: Unit
    # A last day on a rest day moves to the next working day. A count of working days always
    # ends on one, so it means nothing there.
    roll_forward: bool = True


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    article: str
    summary: str
    sources: tuple[Source, ...]  # the first is the statute `article` belongs to
    confidence: str
    parameters: dict[str, Any] = field(default_factory=dict)
    period: Period | None = None

    @property
    def citation(self) -> str:
        """《法名》第N条 — how the rule is cited on pages and in letters."""
        return f"《{_short_title(self.sources[0].title)}》{self.article}"

    def __getitem__(self, name: str) -> Any:
        return self.parameters[name]


@dataclass(frozen=True)
class Excuse:
    """A refusal merchants give, and the law's answer to it (rules.yaml `excuses`)."""

    id: str
    says: str  # the refusal in a few words: 已过售后期
    phrases: tuple[str, ...]  # wordings that match it ({n}: a number)
    not_after: tuple[str, ...]  # words that, just before a wording, turn it round
    answer: str  # what the law says
    holds: str  # when the merchant is right
    fails: str  # when the refusal does not hold
    next_step: str
    next_stage: str  # the rung of the ladder the next step leads to
    letter: str  # the letters' sentence answering it
    article: str
    sources: tuple[Source, ...]  # the first is the statute `article` begins with
    confidence: str

    @property
    def citation(self) -> str:
        return f"《{_short_title(self.sources[0].title)}》{self.article}"


EXCUSE_TEXT_KEYS = ("says", "answer", "holds", "fails", "next_step", "letter", "article")
EXCUSE_KEYS = {*EXCUSE_TEXT_KEYS, "phrases", "next_stage", "source", "confidence"}
EXCUSE_OPTIONAL_KEYS = {"not_after"}


# A title's first bracket that is not part of its name: "（2013年修正）" ends the short title,
# "（一）" (the first of a numbered series of interpretations) belongs to it.
_TITLE_END = re.compile(r"（(?![一二三四五六七八九十]+）)")


def _short_title(title: str) -> str:
    return _TITLE_END.split(title, maxsplit=1)[0].removeprefix("中华人民共和国")


def _period(rule_id: str, parameters: dict[str, Any], default_roll: bool) -> Period | None:
    if "unit" not in parameters:
        # period_counting's roll_forward is the default for the others, not a period.
        if parameters.keys() & {"days", "years"} or (
            "roll_forward" in parameters and rule_id != PERIOD_COUNTING
        ):
            raise RulesError(f"{rule_id}: a period needs its unit")
        return None
    try:
        unit = Unit(parameters["unit"])
    except ValueError:
        raise RulesError(f"{rule_id}: unknown unit {parameters['unit']!r}") from None
    amount_key = AMOUNT_KEY[unit]
    other_key = ({"days", "years"} - {amount_key}).pop()
    if other_key in parameters or not isinstance(parameters.get(amount_key), int):
        raise RulesError(f"{rule_id}: a period in {unit} gives its length as `{amount_key}`")
    roll = parameters.get("roll_forward", default_roll)
    if not isinstance(roll, bool):
        raise RulesError(f"{rule_id}: roll_forward is true or false")
    if unit == Unit.WORKING_DAYS and "roll_forward" in parameters:
        raise RulesError(f"{rule_id}: roll_forward means nothing for working days")
    return Period(amount=parameters[amount_key], unit=unit, roll_forward=roll)


def parse_rules(data: dict[str, Any]) -> tuple[dict[str, Rule], list[dict[str, Any]]]:
    """The rules and the fixed-date holidays from the file's contents, checked."""
    sources = {key: Source(**value) for key, value in data["sources"].items()}
    entries: dict[str, dict[str, Any]] = data["rules"]
    default_roll = entries.get(PERIOD_COUNTING, {}).get("roll_forward", True)
    rules = {}
    for rule_id, entry in entries.items():
        unknown = entry.keys() - RULE_KEYS - PARAMETER_KEYS
        missing = RULE_KEYS - entry.keys()
        if unknown or missing:
            raise RulesError(
                f"{rule_id}: unknown keys {sorted(unknown)}, missing {sorted(missing)}"
            )
        if entry["confidence"] not in CONFIDENCE:
            raise RulesError(f"{rule_id}: confidence is one of {sorted(CONFIDENCE)}")
        unknown_sources = set(entry["source"]) - sources.keys()
        if unknown_sources:
            raise RulesError(f"{rule_id}: unknown sources {sorted(unknown_sources)}")
        parameters = {key: value for key, value in entry.items() if key in PARAMETER_KEYS}
        rules[rule_id] = Rule(
            id=rule_id,
            article=entry["article"],
            summary=entry["summary"],
            sources=tuple(sources[source_id] for source_id in entry["source"]),
            confidence=entry["confidence"],
            parameters=parameters,
            period=_period(rule_id, parameters, default_roll),
        )
    holidays = data["fixed_date_holidays"]
    if holidays["source"] not in sources or holidays["confidence"] not in CONFIDENCE:
        raise RulesError("fixed_date_holidays: needs a known source and a confidence")
    return rules, holidays["dates"]


def parse_excuses(data: dict[str, Any], *, stages: set[str]) -> dict[str, Excuse]:
    """The answers to the merchant's refusals from the file's contents, checked: every entry
    says what the law says, when it holds and when not, and what to do next, with a known
    source, a confidence and a rung of the ladder (`stages`)."""
    sources = {key: Source(**value) for key, value in data["sources"].items()}
    excuses = {}
    for excuse_id, entry in data.get("excuses", {}).items():
        unknown = entry.keys() - EXCUSE_KEYS - EXCUSE_OPTIONAL_KEYS
        missing = EXCUSE_KEYS - entry.keys()
        if unknown or missing:
            raise RulesError(
                f"{excuse_id}: unknown keys {sorted(unknown)}, missing {sorted(missing)}"
            )
        empty = [key for key in EXCUSE_TEXT_KEYS if not str(entry[key] or "").strip()]
        if empty or not entry["phrases"] or not all(entry["phrases"]):
            raise RulesError(f"{excuse_id}: empty {sorted(empty) or ['phrases']}")
        if entry["confidence"] not in CONFIDENCE:
            raise RulesError(f"{excuse_id}: confidence is one of {sorted(CONFIDENCE)}")
        if not entry["source"] or set(entry["source"]) - sources.keys():
            raise RulesError(f"{excuse_id}: unknown sources {entry['source']}")
        if entry["next_stage"] not in stages:
            raise RulesError(f"{excuse_id}: unknown rung {entry['next_stage']!r}")
        excuses[excuse_id] = Excuse(
            id=excuse_id,
            phrases=tuple(str(phrase) for phrase in entry["phrases"]),
            not_after=tuple(str(word) for word in entry.get("not_after", ())),
            next_stage=entry["next_stage"],
            sources=tuple(sources[source_id] for source_id in entry["source"]),
            confidence=entry["confidence"],
            # Chinese has no spaces: the breaks YAML folds into spaces go.
            **{key: "".join(str(entry[key]).split()) for key in EXCUSE_TEXT_KEYS},
        )
    return excuses


@cache
def _load() -> tuple[dict[str, Rule], list[dict[str, Any]]]:
    return parse_rules(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))


def rule(rule_id: str) -> Rule:
    return _load()[0][rule_id]


def all_rules() -> dict[str, Rule]:
    return dict(_load()[0])


def fixed_date_holidays() -> dict[tuple[int, int], str]:
    """(month, day) → name of the statutory holidays that do not move."""
    return {(entry["month"], entry["day"]): entry["name"] for entry in _load()[1]}


@cache
def _load_excuses() -> dict[str, Excuse]:
    from .models import STAGE_ORDER  # the ladder's rungs; models import nothing from here

    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return parse_excuses(data, stages=set(STAGE_ORDER))


def excuses() -> dict[str, Excuse]:
    """The answers to the merchant's common refusals, in the file's order."""
    return dict(_load_excuses())
