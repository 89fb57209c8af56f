"""The "add to calendar" link beside a deadline, for the case page (cases cannot import this
app, so its templates load this tag library)."""

from django import template

register = template.Library()


@register.inclusion_tag("calendars/include/add_to_calendar.html")
def add_to_calendar(case, deadline) -> dict:
    """`{% add_to_calendar case deadline %}`: a link to the deadline's .ics, if it has a date."""
    return {"case": case, "deadline": deadline, "shown": deadline.due is not None}
