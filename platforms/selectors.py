"""Everything that reads the directory for a page: a fixed number of queries per page."""

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import cast

from django.db.models import Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils.functional import Promise

from core.phones import looks_like_phone
from core.reference import ReferenceData

from .models import (
    Audience,
    ChannelKind,
    ContactChannel,
    Platform,
    PlatformKind,
    Policy,
    VerificationStatus,
)

MAX_QUERY_LENGTH = 60

# The directory as the case pages read it, kept per process until any of its rows changes
# (the app's `ready()` names the models whose writes move its version).
DIRECTORY = ReferenceData("directory")


def directory_groups() -> list[tuple[str | Promise, list[Platform]]]:
    """Platforms grouped by kind (shopping first, then where to escalate), each with its
    consumer phone lines prefetched as `consumer_phones`."""
    phones = ContactChannel.objects.filter(kind=ChannelKind.PHONE, audience=Audience.CONSUMERS)
    platforms = Platform.objects.prefetch_related(
        Prefetch("channels", queryset=phones, to_attr="consumer_phones")
    )
    by_kind: dict[str, list[Platform]] = {}
    for platform in platforms:
        by_kind.setdefault(platform.kind, []).append(platform)
    return [(kind.label, by_kind[kind.value]) for kind in PlatformKind if kind.value in by_kind]


def shopping_platform_choices() -> list[tuple[int, str]]:
    """(pk, name) of the shopping platforms in the directory's order, for filters: from this
    process's copy of the directory (see `directory_channels`)."""
    return list(DIRECTORY.get("shopping choices", _shopping_platform_choices))


def _shopping_platform_choices() -> tuple[tuple[int, str], ...]:
    return tuple(
        Platform.objects.filter(kind=PlatformKind.SHOPPING)
        .order_by("sort_order", "slug")
        .values_list("pk", "name")
    )


def platforms_with_entries() -> QuerySet[Platform]:
    """Platforms with their channels and policies, for a detail page (three queries)."""
    return Platform.objects.prefetch_related("channels", "policies")


def directory_channels(*, slugs: Collection[str]) -> dict[str, list[ContactChannel]]:
    """The channels of these directory entries, by the entry's slug: from this process's
    copy of the directory (one query for its version), read afresh once it changed.

    The case ladder asks for the case's own platform and the authorities it escalates to.
    The rows are shared by every request of the process: read them, never change them.
    """
    kept = DIRECTORY.get(("channels", frozenset(slugs)), lambda: _directory_channels(slugs))
    return {slug: list(channels) for slug, channels in kept.items()}


def _directory_channels(slugs: Collection[str]) -> dict[str, list[ContactChannel]]:
    channels: dict[str, list[ContactChannel]] = {}
    for channel in ContactChannel.objects.filter(platform__slug__in=slugs).select_related(
        "platform"
    ):
        channels.setdefault(channel.platform.slug, []).append(channel)
    return channels


def platform_promises(*, platform: Platform) -> list[tuple[str, int, bool]]:
    """Counterfeit compensation the platform states, as (title, multiple, verified), from
    this process's copy of the directory (see `directory_channels`)."""
    return list(DIRECTORY.get(("promises", platform.pk), lambda: _platform_promises(platform)))


def _platform_promises(platform: Platform) -> tuple[tuple[str, int, bool], ...]:
    return tuple(
        (
            policy.title,
            cast(int, policy.counterfeit_multiplier),  # not null: filtered below
            policy.status == VerificationStatus.VERIFIED,
        )
        for policy in Policy.objects.filter(platform=platform, counterfeit_multiplier__isnull=False)
    )


@dataclass(frozen=True)
class ChannelHit:
    channel: ContactChannel
    # True when the query matched only the rumoured (competing) value: the page must warn.
    rumour: bool


@dataclass(frozen=True)
class DirectorySearch:
    query: str
    platforms: list[Platform]
    channels: list[ChannelHit]

    @property
    def empty(self) -> bool:
        return not self.platforms and not self.channels


def _compact(field: str):
    """The field without the hyphens and spaces people put in phone numbers."""
    return Replace(Replace(field, Value("-"), Value("")), Value(" "), Value(""))


def directory_search(*, query: str) -> DirectorySearch:
    """Platforms by name, and channels by value or label, including rumoured numbers.

    A number is matched whatever its punctuation (021-53395288 finds 02153395288), so a
    consumer can check a number someone gave them; a hit on a competing value is flagged.
    """
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not query:
        return DirectorySearch(query, [], [])
    platforms = list(
        Platform.objects.filter(
            Q(name__icontains=query)
            | Q(name_en__icontains=query)
            | Q(slug__icontains=query)
            | Q(operator__icontains=query)
        )
    )
    digits = re.sub(r"\D", "", query) if looks_like_phone(query) else ""
    matches = (
        Q(value__icontains=query) | Q(label__icontains=query) | Q(competing_value__icontains=query)
    )
    if digits:
        matches |= Q(compact_value__contains=digits) | Q(compact_competing__contains=digits)
    channels = (
        ContactChannel.objects.annotate(
            compact_value=_compact("value"), compact_competing=_compact("competing_value")
        )
        .filter(matches)
        .select_related("platform")
        .order_by("platform__sort_order", "platform__slug", "sort_order", "id")
    )
    hits = []
    for channel in channels:
        on_value = query.casefold() in channel.value.casefold() or (
            digits and digits in channel.compact_value
        )
        on_label = query.casefold() in channel.label.casefold()
        hits.append(ChannelHit(channel, rumour=not (on_value or on_label)))
    return DirectorySearch(query, platforms, hits)
