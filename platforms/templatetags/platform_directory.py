from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.phones import normalise_dialled_number
from platforms.models import Audience, ChannelKind, VerificationStatus
from platforms.selectors import DIRECTORY

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


@register.simple_tag
def channel_card(channel) -> SafeString:
    """A channel's card (platforms/include/channel.html), rendered once per language and
    directory version in each process: it shows only the channel's own row, which the
    directory's version follows, so the case page's next step does not lay out the same
    five cards on every view (2 ms of its 20 ms budget, issue 16)."""
    key = ("channel card", get_language(), channel.pk)
    return mark_safe(
        DIRECTORY.get(
            key,
            lambda: str(render_to_string("platforms/include/channel.html", {"channel": channel})),
        )
    )
