"""Reference lists kept in memory per world and dropped on a committed change
(reelfake/reference.py, docs/performance.md "Reference lists")."""

import pytest
from django.db import connection, transaction

from places.models import Country
from reelfake import reference
from tests.factories import CountryFactory, GenreFactory
from tests.reference import reference_cache, wait_for  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)
cached = pytest.mark.usefixtures("reference_cache")


def genre_names(client) -> list[str]:
    return [item["genreName"] for item in client.get("/api/genres").json()["items"]]


@cached
def test_a_kept_list_is_answered_without_a_query(anon_client):
    generation = reference._kept.generation
    GenreFactory(genre_name="Drama")
    # Its notification drops the lists once it arrives: after it, the next read is kept.
    wait_for(lambda: reference._kept.generation != generation)
    genre_names(anon_client)  # read and kept
    with connection.execute_wrapper(_refuse_queries):
        assert genre_names(anon_client) == ["Drama"]


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError(f"unexpected query: {sql}")


@cached
def test_a_committed_change_shows_in_the_next_list(anon_client):
    GenreFactory(genre_name="Drama")
    assert genre_names(anon_client) == ["Drama"]
    generation = reference._kept.generation
    GenreFactory(genre_name="Horror")  # autocommit: notified on commit
    wait_for(lambda: reference._kept.generation != generation)
    assert genre_names(anon_client) == ["Drama", "Horror"]


@cached
def test_a_truncated_table_is_not_answered_from_memory(anon_client):
    CountryFactory(country_name="Australia", iso_country_code="au")
    assert len(anon_client.get("/api/countries").json()["items"]) == 1
    generation = reference._kept.generation
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE country CASCADE")
    wait_for(lambda: reference._kept.generation != generation)
    assert anon_client.get("/api/countries").json() == {"items": [], "length": 0}


@cached
def test_a_list_read_inside_a_transaction_is_not_kept(anon_client):
    with transaction.atomic():
        CountryFactory(country_name="Australia", iso_country_code="au")
        assert len(anon_client.get("/api/countries").json()["items"]) == 1
        transaction.set_rollback(True)
    assert not Country.objects.exists()
    assert anon_client.get("/api/countries").json() == {"items": [], "length": 0}


def test_nothing_is_kept_while_the_cache_is_off(settings, anon_client):
    settings.REELFAKE_REFERENCE_CACHE = False
    GenreFactory(genre_name="Drama")
    genre_names(anon_client)
    assert not reference._kept.ready
    assert reference._kept.entries == {}
