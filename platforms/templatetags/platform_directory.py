from django import template

from core.phones import normalise_dialled_number
from platforms.models import Audience, ChannelKind

register = template.Library()


@register.filter
def dial_href(channel) -> str:
    """A tel: link for a phone line consumers may call, else an empty string.

    Merchant-only lines get none. Unverified and disputed lines keep theirs (the page shows
    a warning next to them); a disputed line's competing value is never linked.
    """
    if channel.kind != ChannelKind.PHONE or channel.audience != Audience.CONSUMERS:
        return ""
    number = normalise_dialled_number(channel.value)
    return f"tel:{number}" if number else ""


@register.filter
def web_href(value: str) -> str:
    """The value itself when it is an http(s) address, so only those become links."""
    return value if value.startswith(("https://", "http://")) else ""
