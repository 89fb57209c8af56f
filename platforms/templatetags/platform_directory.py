from django import template

from core.phones import normalise_dialled_number
from platforms.models import Audience, ChannelKind, VerificationStatus

register = template.Library()


@register.filter
def dial_href(channel) -> str:
    """A tel: link for a phone line consumers may call, else an empty string.

    Merchant-only lines get none, nor a number no source was found for (it is shown, as a
    number people quote, for checking in the app first). Unverified lines keep theirs (the
    page shows a warning next to them); a competing value, known to be wrong, is never linked.
    """
    if (
        channel.kind != ChannelKind.PHONE
        or channel.audience != Audience.CONSUMERS
        or channel.status == VerificationStatus.NO_SOURCE
    ):
        return ""
    number = normalise_dialled_number(channel.value)
    return f"tel:{number}" if number else ""


@register.filter
def web_href(value: str) -> str:
    """The value itself when it is an http(s) address, so only those become links."""
    return value if value.startswith(("https://", "http://")) else ""
