"""Reading and checking the platform directory's data file (loading is in `directory`).

`platforms/data/directory.yaml` is versioned with the code. Every contact channel and policy in
it carries its source, status and last verification date, because a wrong number sends a victim
to a scammer. So the whole file is checked before anything is written: each problem is reported
as "line N: reason", and a file with any problem loads nothing. A good file is loaded in one
transaction, idempotently (a second run changes nothing).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator, validate_slug
from django.db import models
from django.utils import timezone

from core.phones import normalise_dialled_number

from .models import (
    Audience,
    ChannelKind,
    ContactChannel,
    Platform,
    PlatformKind,
    Policy,
    VerificationStatus,
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
_is_url = URLValidator(schemes=["http", "https"])
_is_email = EmailValidator()


class DirectoryError(Exception):
    """The file was refused; `errors` lists every problem as "line N: reason"."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


# --- reading: YAML that remembers where each mapping and key was -------------------------------


class _Mapping(dict):
    """A YAML mapping with the line it starts on and the line of each of its keys."""

    line: int = 0
    key_lines: dict
    duplicate_keys: list

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records line numbers and leaves dates as text for the checker."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.duplicate_keys = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word", key_node.start_mark
            )
        if key in mapping.key_lines:
            mapping.duplicate_keys.append((key, line))
        mapping.key_lines[key] = line
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
# Dates are parsed by the checker, so that a bad one is an error with its line, not a crash.
_LineLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _parse(text: str) -> object:
    try:
        # A SafeLoader subclass: only plain data, never Python objects.
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise DirectoryError([f"line {line}: not valid YAML: {error.problem}"]) from error
    except yaml.YAMLError as error:
        raise DirectoryError([f"line 1: not valid YAML: {error}"]) from error


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


class _Checker:
    """Collects every problem of the file instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []

    def error(self, line: int, reason: str) -> None:
        self.problems.append((line, reason))

    def messages(self) -> list[str]:
        return [f"line {line}: {reason}" for line, reason in sorted(self.problems)]

    # Shapes.

    def mapping(self, value: object, line: int, what: str) -> _Mapping | None:
        if not isinstance(value, _Mapping):
            self.error(line, f"{what} must be a mapping of keys to values")
            return None
        for key, key_line in value.duplicate_keys:
            self.error(key_line, f"key '{key}' appears twice in this {what}")
        return value

    def keys(self, entry: _Mapping, allowed: set[str], what: str) -> None:
        for key in entry:
            if key not in allowed:
                self.error(entry.line_of(key), f"unknown key '{key}' in this {what}")

    def entries(self, document: _Mapping, section: str) -> Iterable[_Mapping]:
        items = document.get(section)
        if items is None:
            self.error(document.line, f"'{section}' is missing")
            return []
        if not isinstance(items, list):
            self.error(document.line_of(section), f"'{section}' must be a list")
            return []
        line = document.line_of(section)
        return [
            entry
            for entry in (self.mapping(item, line, f"{section[:-1]} entry") for item in items)
            if entry is not None
        ]

    # Values.

    def text(
        self,
        entry: _Mapping,
        key: str,
        *,
        model: type[models.Model] | None = None,
        field_name: str | None = None,
        required: bool = True,
    ) -> str:
        value = entry.get(key)
        line = entry.line_of(key)
        if value is None or value == "":
            if required:
                self.error(line, f"'{key}' is missing")
            return ""
        if not isinstance(value, str):
            self.error(line, f"'{key}' must be text (put numbers in quotes)")
            return ""
        value = value.strip()
        if required and not value:
            self.error(line, f"'{key}' is empty")
        if model is not None:
            max_length = model._meta.get_field(field_name or key).max_length
            if max_length and len(value) > max_length:
                self.error(line, f"'{key}' is longer than {max_length} characters")
        return value

    def choice(self, entry: _Mapping, key: str, choices: type[models.TextChoices]) -> str:
        value = entry.get(key)
        if value is None:
            self.error(entry.line, f"'{key}' is missing")
            return ""
        if value not in choices.values:
            allowed = ", ".join(choices.values)
            self.error(entry.line_of(key), f"unknown {key} '{value}' (one of: {allowed})")
            return ""
        return value

    def day(self, entry: _Mapping, key: str, *, required: bool = False) -> date | None:
        value = entry.get(key)
        line = entry.line_of(key)
        if value is None:
            if required:
                self.error(entry.line, f"'{key}' is missing")
            return None
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            self.error(line, f"'{key}' is not a date written YYYY-MM-DD: '{value}'")
            return None
        if day > timezone.localdate():
            self.error(line, f"'{key}' {day} is in the future")
            return None
        return day

    def url(self, value: str, line: int, key: str) -> None:
        try:
            _is_url(value)
        except ValidationError:
            self.error(line, f"'{key}' is not an http(s) address: '{value}'")

    def whole_number(self, entry: _Mapping, key: str, *, minimum: int) -> int | None:
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(entry.line_of(key), f"'{key}' must be a whole number from {minimum}")
            return None
        return value

    def slug(self, entry: _Mapping, key: str, *, model: type[models.Model]) -> str:
        value = self.text(entry, key, model=model)
        if value:
            try:
                validate_slug(value)
            except ValidationError:
                self.error(entry.line_of(key), f"{key} '{value}' may hold only a-z, 0-9, - and _")
        return value

    def platform(self, entry: _Mapping, slugs: dict[str, int]) -> str:
        """The slug of a platform the file lists."""
        slug = entry.get("platform")
        if slug is None:
            self.error(entry.line, "'platform' is missing")
            return ""
        if str(slug) not in slugs:
            self.error(entry.line_of("platform"), f"unknown platform '{slug}'")
        return str(slug)

    def sourced(self, entry: _Mapping, model: type[models.Model]) -> dict:
        """Source, status and verification date, which must agree with each other."""
        source = entry.get("source")
        title = url = ""
        if source is None:
            self.error(entry.line, "no source: every entry must say where it comes from")
        elif (source := self.mapping(source, entry.line_of("source"), "source")) is not None:
            self.keys(source, {"title", "url"}, "source")
            title = self.text(
                source, "title", model=model, field_name="source_title", required=False
            )
            if not title:
                self.error(entry.line_of("source"), "the source has no title")
            url = self.text(source, "url", model=model, field_name="source_url", required=False)
            if url:
                self.url(url, source.line_of("url"), "url")
        status = self.choice(entry, "status", VerificationStatus)
        verified_on = self.day(entry, "last_verified_on")
        if status == VerificationStatus.VERIFIED and verified_on is None:
            self.error(entry.line_of("status"), "a verified entry needs 'last_verified_on'")
        if status == VerificationStatus.UNVERIFIED and verified_on is not None:
            self.error(
                entry.line_of("last_verified_on"),
                "an unverified entry cannot have a 'last_verified_on' date",
            )
        return {
            "source_title": title,
            "source_url": url,
            "status": status,
            "last_verified_on": verified_on,
            "notes": self.text(entry, "notes", model=model, required=False),
        }


def _normalised(kind: str, value: str) -> str:
    """The form two values of a kind are compared in: dialled digits, or folded text."""
    if kind == ChannelKind.PHONE:
        return normalise_dialled_number(value) or value
    return " ".join(value.split()).casefold()


def _check_platforms(check: _Checker, document: _Mapping) -> tuple[list[Entry], dict[str, int]]:
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


def _check_value(check: _Checker, entry: _Mapping, kind: str) -> str:
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


def _check_steps(check: _Checker, entry: _Mapping, kind: str) -> list[str]:
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
    check: _Checker, entry: _Mapping, kind: str, status: str, rumoured: list[tuple[str, int]]
) -> dict:
    """A value other sources give instead: only on a disputed entry, and never a channel."""
    competing = entry.get("competing")
    if competing is None:
        if status == VerificationStatus.DISPUTED:
            check.error(
                entry.line_of("status"), "a disputed entry needs 'competing' {value, source}"
            )
        return {"competing_value": "", "competing_source": ""}
    if status != VerificationStatus.DISPUTED:
        check.error(entry.line_of("status"), "an entry with a competing value is 'disputed'")
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


def _check_channels(check: _Checker, document: _Mapping, slugs: dict[str, int]) -> list[Entry]:
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
            **_check_competing(check, entry, kind, sourced["status"], rumoured),
            **sourced,
        }
        channels.append(Entry((slug, kind, value), fields, entry.line))
    # A number we warn against must never also be offered as a channel, on any platform.
    for number, line in rumoured:
        for slug, kind, value in seen:
            if kind == ChannelKind.PHONE and value == number:
                check.error(line, f"rumoured number {number} is also listed as a channel of {slug}")
    return channels


def _check_policies(check: _Checker, document: _Mapping, slugs: dict[str, int]) -> list[Entry]:
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
    check = _Checker()
    if not isinstance(document, _Mapping):
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
    directory, errors = _check(_parse(text))
    if errors:
        raise DirectoryError(errors)
    return directory
