"""Reference lists kept in memory per world and dropped on a committed change
(reelfake/reference.py, docs/performance.md "Reference lists")."""

import time

import pytest
from django.db import connection, transaction

from places.models import Country
from reelfake import reference
from tests.factories import CountryFactory, GenreFactory

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


@pytest.fixture
def cache_on(settings):
    settings.REELFAKE_REFERENCE_CACHE = True
    reference.reference_items("probe", list)  # starts the listener
    wait_for(lambda: reference._listener.ready)
    yield reference._listener
    reference.stop_listening()


def genre_names(client) -> list[str]:
    return [item["genreName"] for item in client.get("/api/genres").json()["items"]]


def test_a_kept_list_is_answered_without_a_query(cache_on, anon_client):
    GenreFactory(genre_name="Drama")
    genre_names(anon_client)  # read and kept
    with connection.execute_wrapper(_refuse_queries):
        assert genre_names(anon_client) == ["Drama"]


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError(f"unexpected query: {sql}")


def test_a_committed_change_shows_in_the_next_list(cache_on, anon_client):
    GenreFactory(genre_name="Drama")
    assert genre_names(anon_client) == ["Drama"]
    generation = cache_on.generation
    GenreFactory(genre_name="Horror")  # autocommit: notified on commit
    wait_for(lambda: cache_on.generation != generation)
    assert genre_names(anon_client) == ["Drama", "Horror"]


def test_a_truncated_table_is_not_answered_from_memory(cache_on, anon_client):
    CountryFactory(country_name="Australia", iso_country_code="au")
    assert len(anon_client.get("/api/countries").json()["items"]) == 1
    generation = cache_on.generation
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE country CASCADE")
    wait_for(lambda: cache_on.generation != generation)
    assert anon_client.get("/api/countries").json() == {"items": [], "length": 0}


def test_a_list_read_inside_a_transaction_is_not_kept(cache_on, anon_client):
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
    assert not reference._listener.ready
    assert reference._listener.entries == {}
