"""schema.sql on an existing reelfake database: indexes of reelfake's own that would keep our
queries off theirs are dropped (docs/performance.md "An existing reelfake database
(PostgreSQL 15, citext)")."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

SCHEMA = Path(settings.BASE_DIR, "reelfake", "db", "schema.sql")


def _indexes(cursor, table):
    cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
    return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_schema_sql_drops_reelfakes_plain_index_on_the_actor_name():
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX idx_actor_name ON actor (actor_name)")  # reelfake's own
        cursor.execute(SCHEMA.read_text())
        assert "idx_actor_name" not in _indexes(cursor, "actor")


@pytest.mark.django_db
def test_schema_sql_keeps_reelfakes_plain_index_on_the_movie_title():
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX idx_movie_title ON movie (title)")  # reelfake's own
        cursor.execute(SCHEMA.read_text())
        assert "idx_movie_title" in _indexes(cursor, "movie")
