"""Reading and checking the platform directory's data file (loading is in `directory`).

`platforms/data/directory.yaml` is versioned with the code. Every contact channel and policy in
it carries its source, status and last verification date, because a wrong number sends a victim
to a scammer. So the whole file is checked before anything is written: each problem is reported
as "line N: reason", and a file with any problem loads nothing. A good file is loaded in one
transaction, idempotently (a second run changes nothing).
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from core.phones import normalise_dialled_number

from .directory_checker import Checker
from .directory_yaml import DirectoryError, LineMapping, parse_yaml
from .models import (
    Audience,
    ChannelKind,
    ContactChannel,
    Platform,
    PlatformKind,
    Policy,
)

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "directory.yaml"
SCHEMA_VERSION = 1

PLATFORM_KEYS = {"slug", "name", "name_en", "kind", "sort_order", "operator", "summary", "website"}
SOURCED_KEYS = {"source", "status", "last_verified_on", "notes"}
CHANNEL_KEYS = {
    "platform",
    "key",
    "kind",
    "label",
    "value",
    "hours",
    "steps",
    "audience",
    "competing",
    *SOURCED_KEYS,
}
POLICY_KEYS = {
    "platform",
    "code",
    "title",
    "offer",
    "conditions",
    "counterfeit_multiplier",
    "as_of",
    *SOURCED_KEYS,
}
# Separators between several rumoured numbers in one `competing.value`.
_NUMBER_LIST = re.compile(r"[、,，;；/]")
_is_email = EmailValidator()


# --- checking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One checked entry: the key it is matched on, the model fields to store, its line."""

    key: tuple
    fields: dict
    line: int


@dataclass(frozen=True)
class Directory:
    revised_on: date
    platforms: list[Entry]
    channels: list[Entry]
    policies: list[Entry]


def _normalised(kind: str, value: str) -> str:
    """The form two values of a kind are compared in: dialled digits, or folded text."""
    if kind == ChannelKind.PHONE:
        return normalise_dialled_number(value) or value
    return " ".join(value.split()).casefold()


def _check_platforms(check: Checker, document: LineMapping) -> tuple[list[Entry], dict[str, int]]:
    platforms: list[Entry] = []
    slugs: dict[str, int] = {}  # slug -> line, to name the first of two duplicates
    for entry in check.entries(document, "platforms"):
        check.keys(entry, PLATFORM_KEYS, "platform")
        slug = check.slug(entry, "slug", model=Platform)
        if slug in slugs:
            check.error(
                entry.line_of("slug"), f"duplicate platform '{slug}' (first at line {slugs[slug]})"
            )
        elif slug:
            slugs[slug] = entry.line
        website = check.text(entry, "website", model=Platform, required=False)
        if website:
            check.url(website, entry.line_of("website"), "website")
        fields = {
            "name": check.text(entry, "name", model=Platform),
            "name_en": check.text(entry, "name_en", model=Platform),
            "kind": check.choice(entry, "kind", PlatformKind),
            "operator": check.text(entry, "operator", model=Platform, required=False),
            "summary": check.text(entry, "summary", model=Platform, required=False),
            "website": website,
        }
        sort_order = check.whole_number(entry, "sort_order", minimum=0)
        if sort_order is not None:
            fields["sort_order"] = sort_order
        platforms.append(Entry((slug,), fields, entry.line))
    return platforms, slugs


def _check_value(check: Checker, entry: LineMapping, kind: str) -> str:
    """The channel's value, which must be dialable, an address or an email as its kind says."""
    value = check.text(entry, "value", model=ContactChannel)
    line = entry.line_of("value")
    if value and kind == ChannelKind.PHONE and normalise_dialled_number(value) is None:
        check.error(line, f"'{value}' is not a phone number one can dial in China")
    elif value and kind == ChannelKind.WEBSITE:
        check.url(value, line, "value")
    elif value and kind == ChannelKind.EMAIL:
        try:
            _is_email(value)
        except ValidationError:
            check.error(line, f"'{value}' is not an email address")
    return value


def _check_steps(check: Checker, entry: LineMapping, kind: str) -> list[str]:
    steps = entry.get("steps", [])
    if not isinstance(steps, list) or not all(
        isinstance(step, str) and step.strip() for step in steps
    ):
        check.error(entry.line_of("steps"), "'steps' must be a list of non-empty texts")
        steps = []
    if kind == ChannelKind.APP_PATH and not steps:
        check.error(entry.line, "an in-app path needs its 'steps', in order")
    return [step.strip() for step in steps]


def _check_competing(
    check: Checker, entry: LineMapping, kind: str, rumoured: list[tuple[str, int]]
) -> dict:
    """A value other sources give instead that is known to be wrong: never a channel."""
    competing = entry.get("competing")
    if competing is None:
        return {"competing_value": "", "competing_source": ""}
    competing = check.mapping(competing, entry.line_of("competing"), "competing")
    if competing is None:
        return {"competing_value": "", "competing_source": ""}
    check.keys(competing, {"value", "source"}, "competing")
    value = check.text(competing, "value", model=ContactChannel, field_name="competing_value")
    if kind == ChannelKind.PHONE:
        for number in filter(None, (part.strip() for part in _NUMBER_LIST.split(value))):
            rumoured.append(
                (normalise_dialled_number(number) or number, competing.line_of("value"))
            )
    return {
        "competing_value": value,
        "competing_source": check.text(
            competing, "source", model=ContactChannel, field_name="competing_source"
        ),
    }


def _check_channels(check: Checker, document: LineMapping, slugs: dict[str, int]) -> list[Entry]:
    channels: list[Entry] = []
    seen: dict[tuple, int] = {}  # (platform, kind, normalised value) -> line
    names: dict[str, int] = {}  # key -> line
    rumoured: list[tuple[str, int]] = []  # (number, line) of numbers we warn against
    for entry in check.entries(document, "channels"):
        check.keys(entry, CHANNEL_KEYS, "channel")
        slug = check.platform(entry, slugs)
        name = check.slug(entry, "key", model=ContactChannel)
        if name and name in names:
            check.error(
                entry.line_of("key"), f"duplicate channel key {name} (first at line {names[name]})"
            )
        names.setdefault(name, entry.line)
        kind = check.choice(entry, "kind", ChannelKind)
        value = _check_value(check, entry, kind)
        key = (slug, kind, _normalised(kind, value))
        if value and key in seen:
            check.error(
                entry.line_of("value"),
                f"duplicate channel ({slug}, {kind}, {value}) (first at line {seen[key]})",
            )
        seen.setdefault(key, entry.line)
        sourced = check.sourced(entry, ContactChannel)
        fields = {
            "key": name,
            "label": check.text(entry, "label", model=ContactChannel),
            "hours": check.text(entry, "hours", model=ContactChannel, required=False),
            "steps": _check_steps(check, entry, kind),
            "audience": (
                check.choice(entry, "audience", Audience)
                if "audience" in entry
                else Audience.CONSUMERS
            ),
            **_check_competing(check, entry, kind, rumoured),
            **sourced,
        }
        channels.append(Entry((slug, kind, value), fields, entry.line))
    # A number we warn against must never also be offered as a channel, on any platform.
    for number, line in rumoured:
        for slug, kind, value in seen:
            if kind == ChannelKind.PHONE and value == number:
                check.error(line, f"rumoured number {number} is also listed as a channel of {slug}")
    return channels


def _check_policies(check: Checker, document: LineMapping, slugs: dict[str, int]) -> list[Entry]:
    policies: list[Entry] = []
    seen: dict[tuple, int] = {}  # (platform, code) -> line
    for entry in check.entries(document, "policies"):
        check.keys(entry, POLICY_KEYS, "policy")
        key = (check.platform(entry, slugs), check.slug(entry, "code", model=Policy))
        if key[1] and key in seen:
            check.error(
                entry.line_of("code"),
                f"duplicate policy ({key[0]}, {key[1]}) (first at line {seen[key]})",
            )
        seen.setdefault(key, entry.line)
        if isinstance(entry.get("as_of"), int) and not isinstance(entry["as_of"], bool):
            entry["as_of"] = str(entry["as_of"])  # a bare year such as 2018
        fields = {
            "title": check.text(entry, "title", model=Policy),
            "offer": check.text(entry, "offer", model=Policy),
            "conditions": check.text(entry, "conditions", model=Policy, required=False),
            "counterfeit_multiplier": check.whole_number(
                entry, "counterfeit_multiplier", minimum=1
            ),
            "as_of": check.text(entry, "as_of", model=Policy, required=False),
            **check.sourced(entry, Policy),
        }
        policies.append(Entry(key, fields, entry.line))
    return policies


def _check(document: object) -> tuple[Directory | None, list[str]]:
    check = Checker()
    if not isinstance(document, LineMapping):
        check.error(1, "the file must be a mapping with 'schema', 'platforms', 'channels'...")
        return None, check.messages()
    check.mapping(document, document.line, "file")
    check.keys(document, {"schema", "revised_on", "platforms", "channels", "policies"}, "file")
    if document.get("schema") != SCHEMA_VERSION:
        check.error(document.line_of("schema"), f"'schema' must be {SCHEMA_VERSION}")
    revised_on = check.day(document, "revised_on", required=True)
    platforms, slugs = _check_platforms(check, document)
    channels = _check_channels(check, document, slugs)
    policies = _check_policies(check, document, slugs)
    messages = check.messages()
    if messages:
        return None, messages
    return Directory(revised_on, platforms, channels, policies), []


def directory_read(*, path: Path = DEFAULT_PATH) -> Directory:
    """The checked contents of the file; raises DirectoryError listing every problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DirectoryError([f"line 1: cannot read {path}: {error}"]) from error
    directory, errors = _check(parse_yaml(text))
    if errors:
        raise DirectoryError(errors)
    return directory
