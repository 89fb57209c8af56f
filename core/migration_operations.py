"""Migration operations that only some database engines run.

The production engine is PostgreSQL; SQLite is the embedded default for `make run` and the
tests. Indexes only PostgreSQL has (trigram GIN indexes, partial indexes written in SQL) are
migrations like any other, so every database is at the same migration, but their SQL runs
only where it means something.
"""

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL and is a no-op on every other engine."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return "Raw SQL operation (PostgreSQL only)"
