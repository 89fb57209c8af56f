"""The case page's "volunteer help" panel: the cases app shows it without importing us."""

from django import template

from ..forms import AnswerForm, HelpRequestForm
from ..selectors import access_log_for_case, help_request_of, replies_for_case

register = template.Library()


@register.inclusion_tag("advisors/include/help_panel.html", takes_context=True)
def help_panel(context, case):
    help = help_request_of(case=case)
    return {
        "case": case,
        "help": help,
        # Advice needs a request for help first: none asked, none to read.
        "replies": list(replies_for_case(case=case)) if help is not None else [],
        "access_log": access_log_for_case(case=case),
        "form": context.get("help_form") or HelpRequestForm(),
        # The answer form that failed validation, under the reply it answers; else a blank
        # one under the latest reply.
        "answer_form": context.get("answer_form"),
        "answer_reply_id": context.get("answer_reply_id"),
        "blank_answer_form": AnswerForm(),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def advisor_home_counts(context) -> dict[str, int]:
    """The admin home's shortcut counts for the advisor looking at it (selectors.home_counts)."""
    from django.utils import timezone

    from ..selectors import home_counts, is_advisor

    user = context["request"].user
    if not is_advisor(user):
        return {}
    return home_counts(advisor=user, today=timezone.localdate())
