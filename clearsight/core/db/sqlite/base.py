"""SQLite, as Django ships it, except that a full flush keeps working with our triggers.

The audit log and locked data releases are protected by triggers that refuse UPDATE and DELETE.
`manage.py flush` (and Django's transactional tests, which flush between tests) wipes every
table with DELETE, which those triggers would refuse. A flush is a deliberate wipe of the whole
database, so here it drops the triggers, empties the tables and puts the triggers back, all in
the flush's own transaction. Nothing else can get round them. PostgreSQL needs no such help: its
flush uses TRUNCATE, which row triggers do not fire on.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style: Any, tables: Any, *, reset_sequences: bool = False,
                  allow_cascade: bool = False) -> list[str]:
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if not statements:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            triggers = cursor.fetchall()
        return [f'DROP TRIGGER "{name}"' for name, _ in triggers] + statements + [sql for _, sql in triggers]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
