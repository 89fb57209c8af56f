"""Everything that reads cases for a page. Scoped to a user so other people's cases 404."""

from django.db.models import Prefetch, QuerySet

from .models import Case, CaseEvent


def cases_for_owner(*, owner, status: str = "all") -> QuerySet[Case]:
    """The consumer's own cases, newest activity first; status is open, closed or all."""
    cases = Case.objects.filter(owner=owner).select_related("platform")
    if status == "open":
        cases = cases.filter(closed_on__isnull=True)
    elif status == "closed":
        cases = cases.filter(closed_on__isnull=False)
    return cases.order_by("-last_activity_at", "-id")


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    """Visible entries of a case with who wrote them and their earlier versions."""
    return (
        case.events.filter(hidden_at__isnull=True)
        .select_related("actor")
        .prefetch_related(Prefetch("revisions", to_attr="earlier_versions"))
        .order_by("-happened_at", "-id")
    )
