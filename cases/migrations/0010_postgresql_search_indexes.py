"""Indexes for the advisors' list and search at a million cases, on PostgreSQL only.

- The shop-name search is `UPPER(shop_name) LIKE UPPER('%term%')` (advisors/selectors.py):
  a trigram GIN index on that same expression answers it without reading the table. It
  needs the pg_trgm extension: trusted since PostgreSQL 13, so the database owner may create
  it; otherwise a superuser runs `CREATE EXTENSION pg_trgm` once (docs/operations.md).
- Exact order numbers, as the search box tries them for every term.
- Open shared cases by platform and deadline (with the id): the overdue filter's bounded
  count read from the index alone.
All are partial (shared cases only): the list and its search run over the advisors' queue.

Built CONCURRENTLY (outside a transaction) so that adding them to a production table of a
million rows does not block writes. SQLite has neither: its search stays a scan of the
shared cases, which is what it did before, with the same results.
"""

from django.db import migrations

from core.migration_operations import PostgreSQLOnly


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0009_event_time_known"),
    ]

    operations = [
        PostgreSQLOnly(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            reverse_sql=migrations.RunSQL.noop,
        ),
        PostgreSQLOnly(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS case_shop_name_trgm ON cases_case "
            "USING gin ((UPPER(shop_name::text)) gin_trgm_ops) WHERE shared_with_advisors",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS case_shop_name_trgm",
        ),
        # The list filtered overdue (+ unassigned + platform) counts its first rows from this
        # index alone: open shared cases by platform and deadline, with the id to join on.
        PostgreSQLOnly(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS case_open_shared_deadline ON cases_case "
            "(platform_id, next_deadline_on) INCLUDE (id) "
            "WHERE shared_with_advisors AND closed_on IS NULL",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS case_open_shared_deadline",
        ),
        PostgreSQLOnly(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS case_shared_order_number ON cases_case "
            "(order_number) WHERE shared_with_advisors",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS case_shared_order_number",
        ),
    ]
