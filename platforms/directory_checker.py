"""The directory checker's toolbox: typed reads of one entry that collect every problem."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import models
from django.utils import timezone

from .directory_yaml import LineMapping
from .models import VerificationStatus

_is_url = URLValidator(schemes=["http", "https"])


class Checker:
    """Collects every problem of the file instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []

    def error(self, line: int, reason: str) -> None:
        self.problems.append((line, reason))

    def messages(self) -> list[str]:
        return [f"line {line}: {reason}" for line, reason in sorted(self.problems)]

    # Shapes.

    def mapping(self, value: object, line: int, what: str) -> LineMapping | None:
        if not isinstance(value, LineMapping):
            self.error(line, f"{what} must be a mapping of keys to values")
            return None
        for key, key_line in value.duplicate_keys:
            self.error(key_line, f"key '{key}' appears twice in this {what}")
        return value

    def keys(self, entry: LineMapping, allowed: set[str], what: str) -> None:
        for key in entry:
            if key not in allowed:
                self.error(entry.line_of(key), f"unknown key '{key}' in this {what}")

    def entries(self, document: LineMapping, section: str) -> Iterable[LineMapping]:
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
        entry: LineMapping,
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

    def choice(self, entry: LineMapping, key: str, choices: type[models.TextChoices]) -> str:
        value = entry.get(key)
        if value is None:
            self.error(entry.line, f"'{key}' is missing")
            return ""
        if value not in choices.values:
            allowed = ", ".join(choices.values)
            self.error(entry.line_of(key), f"unknown {key} '{value}' (one of: {allowed})")
            return ""
        return value

    def day(self, entry: LineMapping, key: str, *, required: bool = False) -> date | None:
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

    def whole_number(self, entry: LineMapping, key: str, *, minimum: int) -> int | None:
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(entry.line_of(key), f"'{key}' must be a whole number from {minimum}")
            return None
        return value

    def slug(self, entry: LineMapping, key: str, *, model: type[models.Model]) -> str:
        value = self.text(entry, key, model=model)
        if value:
            try:
                validate_slug(value)
            except ValidationError:
                self.error(entry.line_of(key), f"{key} '{value}' may hold only a-z, 0-9, - and _")
        return value

    def platform(self, entry: LineMapping, slugs: dict[str, int]) -> str:
        """The slug of a platform the file lists."""
        slug = entry.get("platform")
        if slug is None:
            self.error(entry.line, "'platform' is missing")
            return ""
        if str(slug) not in slugs:
            self.error(entry.line_of("platform"), f"unknown platform '{slug}'")
        return str(slug)

    def sourced(self, entry: LineMapping, model: type[models.Model]) -> dict:
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
        if status != VerificationStatus.VERIFIED and verified_on is not None:
            self.error(
                entry.line_of("last_verified_on"),
                f"an entry with status {status} cannot have a 'last_verified_on' date",
            )
        return {
            "source_title": title,
            "source_url": url,
            "status": status,
            "last_verified_on": verified_on,
            "notes": self.text(entry, "notes", model=model, required=False),
        }
