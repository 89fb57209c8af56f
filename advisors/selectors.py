"""Reads for advisors: only cases whose owner asked for help, and consented, are visible."""

from datetime import date

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from accounts.backends import group_names
from accounts.models import User
from cases.models import Case
from cases.references import normalise_reference
from core.phones import normalise_mobile
from evidence.models import Evidence, TranscriptState
from evidence.reading.search import search_words

from .models import (
    AccessEntry,
    AdviceReply,
    AdvisorCaseSeen,
    AdvisorPreferences,
    HelpRequest,
    VolunteerStatus,
)

ADVISORS_GROUP = "advisors"
# The search box's explicit mode for the text read in screenshots: "文字:不支持七天无理由".
TEXT_PREFIXES = ("文字:", "文字：", "text:")


def is_advisor(user) -> bool:
    """Staff who help consumers: members of the advisors group, and superusers."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return ADVISORS_GROUP in group_names(user)  # kept per process: asked on every admin page


def cases_for_advisors() -> QuerySet[Case]:
    """Every case an advisor may open: help asked for and consent not withdrawn."""
    return Case.objects.filter(shared_with_advisors=True)


def cases_matching(cases: QuerySet[Case], term: str) -> QuerySet[Case]:
    """The advisors' search box: a case reference, an order number, a shop name, or the
    consumer's mobile or email.

    The term's shape says which it is, so an email or a reference is looked up by itself
    instead of every field being scanned for it. An exact order number is always tried: some
    platforms' order numbers look like mobile numbers or plain words.

    Written so that each shape is one index lookup at a million cases (cases/migrations/
    0010_search_indexes.py): the consumer is looked up first and their cases by owner (an OR
    across the join would scan every shared case), and the shop name is matched as
    `UPPER(shop_name) LIKE UPPER('%term%')`, the expression of the trigram index.
    """
    term = term.strip()
    if not term:
        return cases
    for prefix in TEXT_PREFIXES:
        if term.lower().startswith(prefix):
            return cases_with_text(cases, term[len(prefix) :])
    if "@" in term:
        # lower(email) is the expression of the accounts' unique index, for non-empty emails.
        owners = User.objects.exclude(email="").alias(email_lower=Lower("email"))
        return cases.filter(owner__in=_ids(owners.filter(email_lower=term.lower())))
    reference = normalise_reference(term)
    if reference is not None:
        return cases.filter(reference=reference)
    mobile = normalise_mobile(term)
    if mobile is not None:
        with_phone = User.objects.filter(phone=mobile).exclude(phone="")
        return cases.filter(Q(owner__in=_ids(with_phone)) | Q(order_number=term))
    return cases.filter(Q(order_number=term) | Q(shop_name__icontains=term))


def cases_with_text(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """The cases among `cases` (the shared ones, for advisors) whose kept evidence holds every
    word in the text read from it.

    Only on the advisor's explicit ask ("文字:…"), never beside the other shapes: a text scan
    over every shared case's transcripts is not one index lookup, and the reference, order
    number, phone and shop searches must stay one (bench/advisor_list.py)."""
    words = search_words(query)
    if not words:
        return cases.none()
    found = Evidence.objects.filter(removed_at__isnull=True, transcript__state=TranscriptState.DONE)
    for word in words:
        found = found.filter(transcript__text__icontains=word)
    return cases.filter(pk__in=found.values("case_id"))


def _ids(users: QuerySet) -> list[int]:
    """The users' ids, read now: a list the case query can match by index, where a subquery
    ORed with another condition is checked row by row."""
    return list(users.values_list("pk", flat=True))


def help_request_of(*, case: Case) -> HelpRequest | None:
    try:
        return case.help_request
    except HelpRequest.DoesNotExist:
        return None


def replies_for_case(*, case: Case) -> QuerySet[AdviceReply]:
    return case.advice_replies.prefetch_related("answers").order_by("-created_at", "-id")


def access_log_for_case(*, case: Case, limit: int = 50) -> list[AccessEntry]:
    """What the consumer sees under "who looked at my case"."""
    return list(case.access_log.order_by("-at", "-id")[:limit])


def holder_of(help_request: HelpRequest | None) -> User | None:
    """Who holds the case: its advisor while they are still one. A volunteer whose advisor
    role was removed holds nothing from that moment, without anything being rewritten."""
    if help_request is None or help_request.advisor_id is None:
        return None
    advisor = help_request.advisor
    return advisor if is_advisor(advisor) else None


def advisors_active() -> QuerySet[User]:
    """Every volunteer who can be handed a case or told of a new request."""
    return (
        User.objects.filter(is_active=True, is_staff=True, groups__name=ADVISORS_GROUP)
        .distinct()
        .order_by("display_name", "pk")
    )


def preferences_of(*, advisor: User) -> AdvisorPreferences:
    """The volunteer's notification settings; unsaved defaults (everything) without a row."""
    found = AdvisorPreferences.objects.filter(advisor=advisor).first()
    return found or AdvisorPreferences(advisor=advisor)


def with_news_for(cases: QuerySet[Case], *, advisor: User) -> QuerySet[Case]:
    """Annotate `news_for_me`: the case is held by `advisor` and something happened on it
    (an entry, a file) since they last opened its workspace, or they never have."""
    news = Q(help_request__advisor=advisor) & ~Exists(_seen_since_activity(advisor))
    return cases.annotate(news_for_me=ExpressionWrapper(news, output_field=BooleanField()))


def _seen_since_activity(advisor: User) -> QuerySet[AdvisorCaseSeen]:
    """The advisor's "last opened" of the outer case, if it is no older than its activity."""
    return AdvisorCaseSeen.objects.filter(
        advisor=advisor, case=OuterRef("pk"), seen_at__gte=OuterRef("last_activity_at")
    )


def home_counts(*, advisor: User, today: date) -> dict[str, int]:
    """The admin home's shortcut counts: requests waiting for a volunteer, the advisor's
    cases with news since they last opened them, and overdue cases nobody holds."""
    shared = cases_for_advisors()
    waiting = shared.filter(help_request__advisor__isnull=True, closed_on__isnull=True)
    mine_news = shared.filter(help_request__advisor=advisor).exclude(
        Exists(_seen_since_activity(advisor))
    )
    return {
        "unassigned": waiting.filter(help_request__status=VolunteerStatus.NEEDS_VOLUNTEER).count(),
        "mine_news": mine_news.count(),
        "overdue": waiting.filter(next_deadline_on__lt=today).count(),
    }
