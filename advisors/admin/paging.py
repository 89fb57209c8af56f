"""The advisors' list pages through its cases without counting them all.

A full `COUNT(*)` of a million-case queue costs more than the page itself (12–15 ms at
100,000 cases on PostgreSQL, even from an index alone) and tells an advisor nothing a bound
does not: they work the queue from the top and narrow it with filters and the search box. So
the list counts at most `COUNT_CAP` + 1 rows (20 pages; the overdue + unassigned filter finds
them by probing each candidate's help request, ~2.5 candidates a match, so the cap is what
bounds that filter's cost): below the cap the number is exact, above it the
page says "more than 500" and never shows a number that is not the real one. Paging goes on
past the cap one page at a time (each page counts to one row past itself).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 500


class BoundedPaginator(Paginator):
    """Counts up to `COUNT_CAP` + 1 rows, or to one row past the page asked for when that is
    further (so every next page stays reachable); `count_capped` says the true count is
    larger than `count`."""

    count_cap = COUNT_CAP

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *,
                 page: int = 1):  # fmt: skip
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.asked_page = page

    @cached_property
    def count_limit(self) -> int:
        return max(self.count_cap, self.asked_page * self.per_page)

    @cached_property
    def count(self) -> int:
        # COUNT(*) over the first limit + 1 rows: the database stops there. In no order, so
        # it may take them from whichever index finds matching rows fastest (the page's
        # order costs a walk through every non-matching row before them).
        rows = self.object_list.order_by()  # type: ignore[attr-defined]  # a QuerySet here
        return rows[: self.count_limit + 1].count()

    @property
    def count_capped(self) -> bool:
        return self.count > self.count_limit


def asked_page(value: str | None) -> int:
    """The admin's `p` parameter as a page number (the change list rejects bad ones)."""
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1
