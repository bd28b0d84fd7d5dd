"""Every migration here runs reelfake/db/schema.sql (idempotent). A change to that file gets a
new migration that calls apply_schema, so existing databases pick it up."""

from pathlib import Path

SCHEMA = Path(__file__).resolve().parent.parent / "schema.sql"


def apply_schema(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SCHEMA.read_text())
