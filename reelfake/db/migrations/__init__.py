"""The reelfake schema's migrations (docs/testing.md "Schema and migrations").

reelfake/db/schema.sql is the current schema, in one readable file. The squash
0001_squashed_0013_schema runs it (apply_schema) on a database with no migration history:
an empty one, or an existing reelfake database (the file is idempotent). A database that
applied the migrations it replaces treats it as applied and runs nothing.

A later change to the schema edits schema.sql AND adds a migration carrying its own SQL
(RunSQL, fixed forever, never reading the file), written so that it is a no-op on a database
already at the file (IF NOT EXISTS, CREATE OR REPLACE, DROP ... IF EXISTS), and records the
new SCHEMA_DIGEST. tests/core/test_schema_source.py holds the rules: a database migrated
from nothing has exactly the catalog schema.sql alone gives, schema_digest(schema.sql) is the
latest migration's SCHEMA_DIGEST, and nothing after the squash runs the file.

0001_schema to 0013_movie_pages_kept, which the squash replaces, are deleted: each ran the
current file, so finishing one of them would run today's file under a historical name. The
squash keeps `replaces` (a database that applied all 13 counts it as applied); a database
that stopped partway through them fails the system check reelfake.E003 (reelfake/checks.py),
which `migrate` runs first, with the way out.
"""

import hashlib
import re
from pathlib import Path

SCHEMA = Path(__file__).resolve().parent.parent / "schema.sql"

_COMMENT = re.compile(r"--[^\n]*")
_SPACE = re.compile(r"\s+")


def schema_digest(text: str) -> str:
    """A digest of the file's statements: comments and layout do not change it."""
    statements = _SPACE.sub(" ", _COMMENT.sub("", text)).strip()
    return hashlib.sha256(statements.encode()).hexdigest()[:16]


def apply_schema(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SCHEMA.read_text())
