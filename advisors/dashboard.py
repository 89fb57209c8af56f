"""Numbers for the advisors' dashboard, in a fixed handful of queries however many cases there are.

Counts over all cases are anonymous and any advisor may see them; anything that names a case
comes only from `cases_for_advisors()`, so a case never shared with advisors stays invisible.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from django.db.models import Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from accounts.models import User
from cases.models import STAGE_ORDER, Case, Outcome
from platforms.models import Platform

from .models import AdviceReply, HelpRequest
from .selectors import ADVISORS_GROUP, cases_for_advisors
from .services import advisor_name

# First responses are measured over the help requests of this many days: enough to be
# steady, and a bounded number of rows however long the site has run.
FIRST_RESPONSE_DAYS = 90

OUTCOME_ORDER = [outcome.value for outcome in Outcome]


@dataclass
class OpenRow:
    platform: Platform
    by_stage: list[int]  # in STAGE_ORDER
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_stage)


@dataclass
class OpenCases:
    rows: list[OpenRow]
    stage_totals: list[int]
    total: int
    overdue: int


@dataclass
class ClosedRow:
    platform: Platform
    by_outcome: list[int]  # in OUTCOME_ORDER
    median_days: float | None

    @property
    def total(self) -> int:
        return sum(self.by_outcome)


@dataclass
class ClosedCases:
    rows: list[ClosedRow]
    outcome_totals: list[int]
    total: int
    median_days: float | None


@dataclass
class HelpRequestCounts:
    waiting: int
    taken: int


@dataclass
class OverdueList:
    cases: list[Case] = field(default_factory=list)
    more: bool = False  # there are more than the list shows


def median_from_counts(counts: dict[int, int]) -> float | None:
    """The median of values given as {value: how many times}; None when there are none.

    The database hands back a histogram (one row per distinct number of days) rather than one
    row per case, so the median is taken here without loading every case.
    """
    size = sum(counts.values())
    if not size:
        return None
    middle = ((size - 1) // 2, size // 2)  # the same index twice when size is odd
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while len(found) < 2 and middle[len(found)] < seen:
            found.append(value)
        if len(found) == 2:
            break
    return (found[0] + found[1]) / 2


def _platforms(ids) -> dict[int, Platform]:
    return Platform.objects.in_bulk(list(ids))


def _in_platform_order(platforms: dict[int, Platform]) -> list[Platform]:
    return sorted(platforms.values(), key=lambda p: (p.sort_order, p.slug))


def open_cases(*, today: date) -> OpenCases:
    """Open cases as a platform × stage matrix, with how many of them are overdue.

    Overdue: the stored next deadline is before today, i.e. a deadline passed with nothing
    logged since (cases keep `next_deadline_on` as of their last change, on purpose).
    """
    rows = (
        Case.objects.filter(closed_on__isnull=True)
        .order_by()
        .values("platform", "stage")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(next_deadline_on__lt=today)))
    )
    cells: dict[int, dict[str, int]] = defaultdict(dict)
    overdue: Counter[int] = Counter()
    for row in rows:
        cells[row["platform"]][row["stage"]] = row["n"]
        overdue[row["platform"]] += row["overdue"]
    matrix = [
        OpenRow(
            platform=platform,
            by_stage=[cells[platform.pk].get(stage, 0) for stage in STAGE_ORDER],
            overdue=overdue[platform.pk],
        )
        for platform in _in_platform_order(_platforms(cells))
    ]
    stage_totals = [sum(row.by_stage[i] for row in matrix) for i in range(len(STAGE_ORDER))]
    return OpenCases(
        rows=matrix,
        stage_totals=stage_totals,
        total=sum(stage_totals),
        overdue=sum(overdue.values()),
    )


def closed_cases() -> ClosedCases:
    """Outcomes per platform and the median days from opening to closing, per platform and
    overall.

    Days count from the local date the case was opened to the date it was closed. A case
    entered after it had already ended (closed on a date before it was opened) counts as 0
    days: weiquan cannot have taken less than that.
    """
    days = ExpressionWrapper(F("closed_on") - TruncDate("created_at"), output_field=DurationField())
    rows = (
        Case.objects.filter(closed_on__isnull=False)
        .order_by()
        .annotate(days=days)
        .values("platform", "outcome", "days")
        .annotate(n=Count("id"))
    )
    outcomes: dict[int, Counter[str]] = defaultdict(Counter)
    durations: dict[int, Counter[int]] = defaultdict(Counter)
    all_durations: Counter[int] = Counter()
    for row in rows:
        outcomes[row["platform"]][row["outcome"]] += row["n"]
        spent = max(row["days"].days, 0)
        durations[row["platform"]][spent] += row["n"]
        all_durations[spent] += row["n"]
    table = [
        ClosedRow(
            platform=platform,
            by_outcome=[outcomes[platform.pk][outcome] for outcome in OUTCOME_ORDER],
            median_days=median_from_counts(durations[platform.pk]),
        )
        for platform in _in_platform_order(_platforms(outcomes))
    ]
    outcome_totals = [sum(row.by_outcome[i] for row in table) for i in range(len(OUTCOME_ORDER))]
    return ClosedCases(
        rows=table,
        outcome_totals=outcome_totals,
        total=sum(outcome_totals),
        median_days=median_from_counts(all_durations),
    )


def help_request_counts() -> HelpRequestCounts:
    """Active help requests (consent not withdrawn): waiting for an advisor, and taken."""
    counts = HelpRequest.objects.filter(withdrawn_at__isnull=True).aggregate(
        waiting=Count("id", filter=Q(advisor__isnull=True)),
        taken=Count("id", filter=Q(advisor__isnull=False)),
    )
    return HelpRequestCounts(waiting=counts["waiting"], taken=counts["taken"])


def overdue_shared_cases(*, today: date, limit: int = 50) -> OverdueList:
    """Open overdue cases an advisor may open, longest overdue first, at most `limit` of them.

    Only from `cases_for_advisors()`: this list names cases. One row more than shown is read
    to tell whether there are more, so it stays one query.
    """
    query = (
        cases_for_advisors()
        .filter(closed_on__isnull=True, next_deadline_on__lt=today)
        .select_related("platform", "help_request__advisor")
        .order_by("next_deadline_on", "reference")
    )
    cases = list(query[: limit + 1])
    return OverdueList(cases=cases[:limit], more=len(cases) > limit)


@dataclass
class VolunteerRow:
    name: str  # the volunteer's, as consumers see it: never a consumer's
    held: int  # open cases they hold
    median_first_response_hours: float | None  # help asked → their first advice
    advised_this_month: int  # cases they wrote advice on since the 1st, local time


def _month_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _count(query) -> Subquery:
    return Subquery(query.order_by().values("n")[:1])


def volunteer_figures(*, now: datetime) -> list[VolunteerRow]:
    """Per volunteer: open cases held, the median time from a help request to the first
    advice (when they wrote it, over requests of the last FIRST_RESPONSE_DAYS days) and how
    many cases they advised this month. Two queries; names only volunteers."""
    first = AdviceReply.objects.filter(
        case=OuterRef("case"), created_at__gte=OuterRef("consented_at")
    ).order_by("created_at", "id")
    responses: dict[int, list[float]] = defaultdict(list)
    for author, asked, answered in (
        HelpRequest.objects.filter(consented_at__gte=now - timedelta(days=FIRST_RESPONSE_DAYS))
        .annotate(
            first_at=Subquery(first.values("created_at")[:1]),
            first_by=Subquery(first.values("author")[:1]),
        )
        .filter(first_at__isnull=False, first_by__isnull=False)
        .values_list("first_by", "consented_at", "first_at")
    ):
        responses[author].append(max((answered - asked).total_seconds(), 0) / 3600)
    held = HelpRequest.objects.filter(
        advisor=OuterRef("pk"), withdrawn_at__isnull=True, case__closed_on__isnull=True
    )
    advised = AdviceReply.objects.filter(author=OuterRef("pk"), created_at__gte=_month_start(now))
    volunteers = (
        User.objects.filter(
            Q(groups__name=ADVISORS_GROUP, is_active=True)
            | Q(pk__in=HelpRequest.objects.filter(advisor__isnull=False).values("advisor"))
            | Q(pk__in=list(responses))
        )
        .distinct()
        .annotate(
            held=Coalesce(_count(held.values("advisor").annotate(n=Count("id"))), 0),
            advised=Coalesce(
                _count(advised.values("author").annotate(n=Count("case", distinct=True))), 0
            ),
        )
        .only("pk", "display_name")
    )
    rows = [
        VolunteerRow(
            name=advisor_name(user),
            held=user.held,
            median_first_response_hours=median(responses[user.pk]) if responses[user.pk] else None,
            advised_this_month=user.advised,
        )
        for user in volunteers
    ]
    return sorted(rows, key=lambda row: (-row.held, row.name))
