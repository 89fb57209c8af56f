"""What the pages show of an order screenshot being read, and the case form it fills.

Computed from the row on every request, so a GET writes nothing: a reading that has not
finished within `READING_TIMEOUT` (a worker that never answers) shows as not read, with the
empty form, exactly as a picture with no order in it does.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from platforms.models import Platform, PlatformKind

from ..models import OrderScreenshot, ScreenshotState

READING_TIMEOUT = timedelta(seconds=60)
READING, READ, UNREAD = "reading", "read", "unread"


def screenshot_shown(screenshot: OrderScreenshot, *, now: datetime | None = None) -> str:
    """reading (the page keeps asking), read (the form comes back filled) or unread (nothing
    could be read, or not in time: the empty form and a message)."""
    if screenshot.state == ScreenshotState.DONE:
        return READ if screenshot.facts else UNREAD
    if screenshot.state == ScreenshotState.FAILED:
        return UNREAD
    if (now or timezone.now()) - screenshot.created_at > READING_TIMEOUT:
        return UNREAD
    return READING


def prefill_initial(facts: dict[str, str]) -> dict[str, Any]:
    """The case form's initial values from the facts read, each parsed as the form takes it;
    a fact that does not parse, or names no platform of the directory, is left out (empty,
    never a guess)."""
    initial: dict[str, Any] = {}
    slug = facts.get("platform")
    if slug:
        platform = Platform.objects.filter(
            slug=slug, is_active=True, kind=PlatformKind.SHOPPING
        ).first()
        if platform is not None:
            initial["platform"] = platform
    for name in ("shop_name", "product", "order_number"):
        if facts.get(name):
            initial[name] = facts[name]
    if facts.get("amount_paid"):
        with contextlib.suppress(InvalidOperation):
            initial["amount_paid"] = Decimal(facts["amount_paid"])
    for name in ("purchase_date", "received_date"):
        if facts.get(name):
            with contextlib.suppress(ValueError):
                initial[name] = date.fromisoformat(facts[name])
    return initial
