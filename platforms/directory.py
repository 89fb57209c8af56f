"""The platform directory's data file: loaded into the database once it is checked.

`directory_file` reads and checks the whole file (every problem as "line N: reason");
this module writes it in one transaction, idempotently (a second run changes nothing).
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import models, transaction

from .directory_file import DEFAULT_PATH, Directory, DirectoryError, directory_read
from .models import ContactChannel, Platform, Policy

__all__ = ["DEFAULT_PATH", "Directory", "DirectoryError", "directory_load", "directory_read"]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class LoadReport:
    revised_on: date
    platforms: Counts = field(default_factory=Counts)
    channels: Counts = field(default_factory=Counts)
    policies: Counts = field(default_factory=Counts)

    @property
    def changed(self) -> bool:
        return self.platforms.changed or self.channels.changed or self.policies.changed


def _upsert(
    model: type[models.Model], existing: object, lookup: dict, fields: dict, counts: Counts
):
    """Create the row, or save only the fields that differ; counts what happened."""
    if existing is None:
        counts.created += 1
        return model.objects.create(**lookup, **fields)
    changed = [name for name, value in fields.items() if getattr(existing, name) != value]
    if changed:
        for name in changed:
            setattr(existing, name, fields[name])
        existing.save(update_fields=changed)
        counts.updated += 1
    else:
        counts.unchanged += 1
    return existing


def directory_load(*, path: Path = DEFAULT_PATH) -> LoadReport:
    """Check the whole file, then load it in one transaction; nothing is written on any error.

    Platforms are matched by slug, channels by (platform, kind, value), policies by (platform,
    code). Channels and policies of the file's platforms that the file no longer lists are
    deleted; platforms themselves never are (cases point to them).
    """
    directory = directory_read(path=path)
    report = LoadReport(revised_on=directory.revised_on)
    with transaction.atomic():
        slugs = [entry.key[0] for entry in directory.platforms]
        existing_platforms = {p.slug: p for p in Platform.objects.filter(slug__in=slugs)}
        platforms = {
            entry.key[0]: _upsert(
                Platform,
                existing_platforms.get(entry.key[0]),
                {"slug": entry.key[0]},
                entry.fields,
                report.platforms,
            )
            for entry in directory.platforms
        }
        listed = list(platforms.values())

        existing_channels = {
            (channel.platform_id, channel.kind, channel.value): channel
            for channel in ContactChannel.objects.filter(platform__in=listed)
        }
        kept: set[int] = set()
        position: dict[str, int] = {}
        for entry in directory.channels:
            slug, kind, value = entry.key
            platform = platforms[slug]
            position[slug] = position.get(slug, 0) + 10
            channel = _upsert(
                ContactChannel,
                existing_channels.get((platform.pk, kind, value)),
                {"platform": platform, "kind": kind, "value": value},
                {**entry.fields, "sort_order": position[slug]},
                report.channels,
            )
            kept.add(channel.pk)
        stale = [pk for pk in (c.pk for c in existing_channels.values()) if pk not in kept]
        report.channels.deleted, _ = ContactChannel.objects.filter(pk__in=stale).delete()

        existing_policies = {
            (policy.platform_id, policy.code): policy
            for policy in Policy.objects.filter(platform__in=listed)
        }
        kept = set()
        for entry in directory.policies:
            slug, code = entry.key
            platform = platforms[slug]
            policy = _upsert(
                Policy,
                existing_policies.get((platform.pk, code)),
                {"platform": platform, "code": code},
                entry.fields,
                report.policies,
            )
            kept.add(policy.pk)
        stale = [pk for pk in (p.pk for p in existing_policies.values()) if pk not in kept]
        report.policies.deleted, _ = Policy.objects.filter(pk__in=stale).delete()
    return report
