"""The advisors' 文字: search (advisors/selectors.py `cases_with_text`) on PostgreSQL: a
trigram GIN index on the expression `icontains` compiles to, `UPPER(text::text) LIKE
UPPER('%word%')`, so a search over every shared case's transcripts reads the index instead
of the whole table. pg_trgm is created by cases/0010 (a dependency). Built CONCURRENTLY, as
the case indexes are; SQLite has no such index and scans, with the same results."""

from django.db import migrations

from core.migration_operations import PostgreSQLOnly


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("evidence", "0009_redacted_copy"),
        ("cases", "0010_postgresql_search_indexes"),
    ]

    operations = [
        PostgreSQLOnly(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            reverse_sql=migrations.RunSQL.noop,
        ),
        PostgreSQLOnly(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS transcript_text_trgm ON evidence_transcript "
            "USING gin ((UPPER(text::text)) gin_trgm_ops)",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS transcript_text_trgm",
        ),
    ]
