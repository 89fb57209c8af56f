from django import template

from weiquan.phones import normalise_dialled_number

register = template.Library()


@register.filter
def tel_href(channel) -> str:
    """A tel: link for a phone channel consumers may call, else an empty string."""
    if channel.kind != "phone" or channel.audience != "consumers" or channel.status == "disputed":
        return ""
    number = normalise_dialled_number(channel.value)
    return f"tel:{number}" if number else ""


@register.simple_tag
def days_left(deadline, today) -> int | None:
    return deadline.days_left(today)


@register.filter
def absolute(value: int) -> int:
    return abs(value)
