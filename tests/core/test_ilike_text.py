"""Text filters compare the column as text, so a trigram index serves them on an existing
reelfake database whose name columns are citext (docs/performance.md "Name search on citext
columns"). On our own schema (varchar) the cast must not cost the index: the plans below are
taken with sequential and plain index scans disabled, so they name the trigram index exactly
when it can serve the cast comparison. The citext case itself is measured by bench/citext_world.py
(docs/performance.md "An existing reelfake database (PostgreSQL 15, citext)")."""

import pytest
from django.db import connection
from django.db.models import F

from movies.models import Actor
from people.models import Customer
from reelfake.db.lookups import ILike


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Only bitmap scans left: whatever the table's statistics (empty or seeded), the
        # plan names the trigram index exactly when it can serve the condition.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN (COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_pattern_is_matched_against_the_column_cast_to_text():
    sql = str(Actor.objects.filter(ILike(F("actor_name"), "%ann%")).query)
    assert 'WHERE ("actor"."actor_name")::text ILIKE %ann%' in sql


@pytest.mark.django_db
def test_the_actor_name_trigram_index_serves_a_pattern_matched_as_text():
    plan = _plan(Actor.objects.filter(ILike(F("actor_name"), "%ann%")).values("id"))
    assert "Bitmap Index Scan on actor_actor_name_trgm_idx" in plan


@pytest.mark.django_db
def test_the_customer_last_name_trigram_index_serves_a_pattern_matched_as_text():
    plan = _plan(Customer.objects.filter(ILike(F("last_name"), "%son%")).values("id"))
    assert "Bitmap Index Scan on customer_last_name_trgm_idx" in plan
