"""The advisors' queue in its own order at a million cases, on PostgreSQL only: open shared
cases first, those waiting longest for a volunteer first (advisors/admin/case_list.py
QUEUE_ORDER), read from this index in order instead of sorting every shared case. Built
CONCURRENTLY, as 0010's are; SQLite sorts, as it did before.
"""

from django.db import migrations

from core.migration_operations import PostgreSQLOnly


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0011_deadline_dismissed_queue"),
    ]

    operations = [
        PostgreSQLOnly(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS case_shared_queue ON cases_case "
            "(closed_on NULLS FIRST, help_waiting_since NULLS LAST, id DESC) "
            "WHERE shared_with_advisors",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS case_shared_queue",
        ),
    ]
