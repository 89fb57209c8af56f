"""Reads for advisors: only cases whose owner asked for help, and consented, are visible."""

import re

from django.db.models import Q, QuerySet

from cases.models import Case

from .models import AccessEntry, AdviceReply, HelpRequest

ADVISORS_GROUP = "advisors"


def is_advisor(user) -> bool:
    """Staff who help consumers: members of the advisors group, and superusers."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_advisor"):  # asked several times per admin page: ask the DB once
        user._is_advisor = user.groups.filter(name=ADVISORS_GROUP).exists()
    return user._is_advisor


def cases_for_advisors() -> QuerySet[Case]:
    """Every case an advisor may open: help asked for and consent not withdrawn."""
    return Case.objects.filter(shared_with_advisors=True)


CASE_REFERENCE = re.compile(r"^WQ-\d{4}-\d{6}$", re.IGNORECASE)
MAINLAND_MOBILE = re.compile(r"^1\d{10}$")


def cases_matching(cases: QuerySet[Case], term: str) -> QuerySet[Case]:
    """The advisors' search box: a case reference, an order number, a shop name, or the
    consumer's mobile or email.

    The term's shape says which it is, so an email or a reference is looked up by itself
    instead of every field being scanned for it. An exact order number is always tried: some
    platforms' order numbers look like mobile numbers or plain words.
    """
    term = term.strip()
    if not term:
        return cases
    if "@" in term:
        return cases.filter(owner__email__iexact=term)
    if CASE_REFERENCE.match(term):
        return cases.filter(reference=term.upper())
    if MAINLAND_MOBILE.match(term):
        return cases.filter(Q(owner__phone=term) | Q(order_number=term))
    return cases.filter(Q(order_number=term) | Q(shop_name__icontains=term))


def help_request_of(*, case: Case) -> HelpRequest | None:
    try:
        return case.help_request
    except HelpRequest.DoesNotExist:
        return None


def replies_for_case(*, case: Case) -> QuerySet[AdviceReply]:
    return case.advice_replies.order_by("-created_at", "-id")


def access_log_for_case(*, case: Case, limit: int = 50) -> list[AccessEntry]:
    """What the consumer sees under "who looked at my case"."""
    return list(case.access_log.order_by("-at", "-id")[:limit])
