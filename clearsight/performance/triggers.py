"""The database triggers that lock figures in submitted, approved, published or superseded releases.

Kept here, not only in the migration that first made them, because on SQLite any migration that
rebuilds ``performance_measurevalue`` (Django remakes the table to alter a column or constraint)
drops its triggers. Such a migration must call ``create_triggers`` again;
``tests/test_triggers.py`` fails if the triggers are ever missing.
"""


LOCKED = "('submitted', 'approved', 'published', 'superseded')"


def create_triggers(apps, schema_editor):
    drop_triggers(apps, schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER performance_value_locked_update BEFORE UPDATE ON performance_measurevalue "
            f"WHEN (SELECT status FROM performance_datarelease WHERE id = OLD.release_id) IN {LOCKED} "
            f"OR (SELECT status FROM performance_datarelease WHERE id = NEW.release_id) IN {LOCKED} "
            "BEGIN SELECT RAISE(ABORT, 'values in a submitted or approved release cannot change'); END;"
        )
        schema_editor.execute(
            "CREATE TRIGGER performance_value_locked_delete BEFORE DELETE ON performance_measurevalue "
            f"WHEN (SELECT status FROM performance_datarelease WHERE id = OLD.release_id) IN {LOCKED} "
            "BEGIN SELECT RAISE(ABORT, 'values in a submitted or approved release cannot change'); END;"
        )
        schema_editor.execute(
            "CREATE TRIGGER performance_value_locked_insert BEFORE INSERT ON performance_measurevalue "
            f"WHEN (SELECT status FROM performance_datarelease WHERE id = NEW.release_id) IN {LOCKED} "
            "BEGIN SELECT RAISE(ABORT, 'values in a submitted or approved release cannot change'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION performance_value_locked() RETURNS trigger AS $$ "
            "DECLARE locked_status text; BEGIN "
            "IF TG_OP IN ('UPDATE', 'DELETE') THEN "
            "  SELECT status INTO locked_status FROM performance_datarelease WHERE id = OLD.release_id; "
            f"  IF locked_status IN {LOCKED} THEN "
            "    RAISE EXCEPTION 'values in a submitted or approved release cannot change'; END IF; END IF; "
            "IF TG_OP IN ('UPDATE', 'INSERT') THEN "
            "  SELECT status INTO locked_status FROM performance_datarelease WHERE id = NEW.release_id; "
            f"  IF locked_status IN {LOCKED} THEN "
            "    RAISE EXCEPTION 'values in a submitted or approved release cannot change'; END IF; END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            "CREATE TRIGGER performance_value_locked BEFORE INSERT OR UPDATE OR DELETE ON performance_measurevalue "
            "FOR EACH ROW EXECUTE FUNCTION performance_value_locked();"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for op in ("update", "delete", "insert"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS performance_value_locked_{op};")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS performance_value_locked ON performance_measurevalue;")
        schema_editor.execute("DROP FUNCTION IF EXISTS performance_value_locked();")


