"""Writes for the calendar feed: made on demand by a POST, reset by a POST."""

import secrets

from django.db import transaction

from accounts.models import User

from .models import CalendarFeed


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_create(*, owner: User) -> CalendarFeed:
    """The owner's feed, made now if there is none (a second POST changes nothing)."""
    feed, _created = CalendarFeed.objects.get_or_create(
        owner=owner, defaults={"token": _new_token()}
    )
    return feed


@transaction.atomic
def calendar_feed_reset(*, owner: User) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on."""
    feed = CalendarFeed.objects.select_for_update().filter(owner=owner).first()
    if feed is None:
        return CalendarFeed.objects.create(owner=owner, token=_new_token())
    feed.token = _new_token()
    feed.save(update_fields=["token"])
    return feed
