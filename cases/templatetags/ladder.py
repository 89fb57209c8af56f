from django import template

register = template.Library()


@register.simple_tag
def days_left(deadline, today) -> int | None:
    return deadline.days_left(today)


@register.filter
def absolute(value: int) -> int:
    return abs(value)
