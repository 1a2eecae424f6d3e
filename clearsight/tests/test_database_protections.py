"""The triggers that make the audit log append-only and lock released figures must exist after
every migration. On SQLite a migration that rebuilds a table silently drops its triggers; this
test is what notices."""

import pytest
from django.db import connection

EXPECTED = {
    "sqlite": {
        "audit_auditevent_no_update", "audit_auditevent_no_delete",
        "performance_value_locked_update", "performance_value_locked_delete", "performance_value_locked_insert",
    },
    "postgresql": {"audit_auditevent_append_only", "performance_value_locked"},
}


@pytest.mark.django_db
def test_every_protective_trigger_exists_after_migrating():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        present = {row[0] for row in cursor.fetchall()}
    assert EXPECTED[connection.vendor] <= present
