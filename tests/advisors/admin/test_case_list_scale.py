"""The advisors' list at scale (advisors/admin/paging.py, advisors/selectors.py and the
PostgreSQL indexes of cases/migrations/0010): a bounded count shown as a bound, constant
queries whatever the filters and search, and, on PostgreSQL, searches that use their index."""

import pytest
from django.db import connection
from django.urls import reverse

from advisors.admin.paging import BoundedPaginator
from advisors.selectors import cases_for_advisors, cases_matching
from cases.models import Case
from tests.factories import UserFactory
from tests.support.advisors import CHANGELIST, listed, many_shared_cases, shared

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cap(monkeypatch):
    """A cap of 40 rows, so a bounded count needs 41 cases, not 501."""
    monkeypatch.setattr(BoundedPaginator, "count_cap", 40)


def test_count_is_exact_up_to_the_cap(advisor_client, small_cap):
    many_shared_cases(40)
    page = listed(advisor_client.get(reverse(CHANGELIST)))
    assert "40 条结果" in page or "40 results" in page
    assert "超过" not in page and "More than" not in page
    assert 'class="end"' in page  # the last page is known and linked


def test_above_the_cap_the_count_is_shown_as_a_bound_never_as_a_number(advisor_client, small_cap):
    many_shared_cases(45)
    page = listed(advisor_client.get(reverse(CHANGELIST)))
    assert "超过 40 条结果" in page or "More than 40 results" in page
    # Neither the true count nor the bound's count (41) is printed as if it were exact.
    for wrong in ("45 条结果", "41 条结果", "45 results", "41 results", "45 案件", "41 案件"):
        assert wrong not in page
    assert 'class="end"' not in page  # no "last page" link: the last page is not known
    paginator = page.split('class="paginator"')[1]
    assert "…" in paginator
    assert "超过 40 个案件" in paginator or "more than 40 cases" in paginator
    # Selecting "all N" across pages would name a wrong N: it is not offered.
    assert "select-across" in page
    assert 'class="question hidden"' not in page


def test_pages_past_the_first_still_work_above_the_cap(advisor_client, small_cap):
    many_shared_cases(45)
    page = listed(advisor_client.get(reverse(CHANGELIST), {"p": 2}))
    assert page.count('class="field-reference"') == 20
    # Page 2 counted to its end + 1 (51 > 45): the last page is known again, and exact.
    assert "45 条结果" in page or "45 results" in page


def test_paging_goes_on_past_the_cap_one_page_at_a_time(advisor_client, small_cap):
    many_shared_cases(130)
    page = listed(advisor_client.get(reverse(CHANGELIST), {"p": 3}))
    assert page.count('class="field-reference"') == 25
    assert "?p=4" in page  # the next page is linked although the count stopped at 76
    assert "超过 75 条结果" in page or "More than 75 results" in page


def test_bounded_paginator_counts_at_most_cap_plus_one():
    # given 45 shared cases and a cap of 40
    many_shared_cases(45)
    paginator = BoundedPaginator(cases_for_advisors().order_by("-last_activity_at"), 25)
    paginator.count_cap = 40
    # then the count stops at 41 and says it is a bound
    assert paginator.count == 41
    assert paginator.count_capped
    small = BoundedPaginator(cases_for_advisors().filter(shop_name="店铺3"), 25)
    assert small.count == 1 and not small.count_capped


SEARCHES = {
    "reference": lambda case, owner: case.reference,
    "order_number": lambda case, owner: case.order_number,
    "shop_name": lambda case, owner: "规模测试",
    "phone": lambda case, owner: owner.phone,
    "email": lambda case, owner: owner.email.upper(),
}


@pytest.mark.parametrize("field", list(SEARCHES))
@pytest.mark.parametrize(
    "filters",
    ["", "&deadline=overdue&advisor=unassigned", "&advisor=mine&stage__exact=evidence&o=2"],
)
def test_queries_are_constant_with_filters_and_searches(
    advisor_client, field, filters, django_assert_max_num_queries
):
    many_shared_cases(60)
    owner = UserFactory(email="scale@example.cn")
    case = shared(owner=owner, shop_name="规模测试旗舰店")
    term = SEARCHES[field](case, owner)
    with django_assert_max_num_queries(12):
        page = listed(advisor_client.get(reverse(CHANGELIST) + f"?q={term}{filters}"))
    if not filters:
        assert case.reference in page
        assert page.count('class="field-reference"') == 1


def test_search_by_phone_also_finds_an_order_number_shaped_like_one():
    owner = UserFactory(phone="13800001111")
    by_owner = shared(owner=owner)
    by_order = shared(order_number="13800001111")
    found = set(cases_matching(cases_for_advisors(), "13800001111"))
    assert found == {by_owner, by_order}


def test_search_by_email_ignores_letter_case_and_empty_emails():
    owner = UserFactory(email="Mixed@Example.cn")
    case = shared(owner=owner)
    shared(owner=UserFactory(email=""))
    assert list(cases_matching(cases_for_advisors(), "mixed@example.CN")) == [case]


# --- PostgreSQL: the searches use their indexes -----------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram and partial indexes are PostgreSQL's"
)


def _plan(queryset) -> str:
    """The plan of the search's condition alone, with only bitmap index scans allowed: on
    test-sized tables the planner rightly prefers a scan, so this asks whether the indexes
    can answer the condition at all (they cannot if its expression differs from theirs)."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"ANALYZE {Case._meta.db_table}")  # estimates as after a real load
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _copies(case: Case, count: int) -> None:
    """`count` shared copies of a case, made by the database (the planner needs a table of
    some size before an index beats reading every row)."""
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    made = {
        "reference": "'WQ-2098-' || lpad(g::text, 6, '0')",
        "shop_name": "'店铺' || g",
        "order_number": "lpad(g::text, 18, '0')",
    }
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ", ".join(made.get(f.column, connection.ops.quote_name(f.column)) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Case._meta.db_table} ({columns}) SELECT {values} "
            f"FROM {Case._meta.db_table}, generate_series(1, %s) g WHERE id = %s",
            [count, case.pk],
        )


@postgresql_only
def test_shop_name_search_uses_the_trigram_index():
    _copies(shared(), 50_000)
    plan = _plan(cases_matching(cases_for_advisors(), "店铺12"))
    assert "case_shop_name_trgm" in plan
    assert "case_shared_order_number" in plan  # the exact order number, ORed by bitmap


@postgresql_only
def test_phone_search_reads_the_owners_cases_by_index():
    owner = UserFactory(phone="13800002222")
    shared(owner=owner)
    _copies(shared(), 50_000)  # other owners' shared cases: reading them all must not pay
    plan = _plan(cases_matching(cases_for_advisors(), "13800002222"))
    assert "Seq Scan" not in plan
    assert "case_shared_order_number" in plan


@postgresql_only
def test_the_migration_made_the_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s", [Case._meta.db_table]
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"case_shop_name_trgm", "case_shared_order_number"} <= names


@postgresql_only
def test_the_text_search_can_answer_from_the_transcripts_trigram_index():
    """The words' condition as cases_with_text writes it (text__icontains), alone: the
    trigram index answers it (on a test-sized table the planner would rather use the state
    index and filter)."""
    from evidence.models import Transcript

    plan = _plan(Transcript.objects.filter(text__icontains="已过售后期").values("pk"))
    assert "transcript_text_trgm" in plan


@postgresql_only
def test_the_queue_is_read_in_order_from_its_index_not_sorted():
    """The list's default order (QUEUE_ORDER) with the list's joins: the first page comes
    from the partial index in order, without sorting every shared case (280 ms at 100,000
    before it)."""
    from advisors.admin.case_list import QUEUE_ORDER

    _copies(shared(), 50_000)
    query = cases_for_advisors().select_related("platform", "help_request__advisor")
    sql, params = query.order_by(*QUEUE_ORDER)[:25].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Case._meta.db_table}")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_shared_queue" in plan, plan
    assert "Sort" not in plan, plan
