"""Reference lists kept in memory per world and dropped on a committed change
(reelfake/reference.py, docs/performance.md "Reference lists")."""

import pytest
from django.db import connection, transaction

from places.models import Country
from reelfake import reference
from tests.factories import CountryFactory, GenreFactory
from tests.reference import arrived, reference_cache  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)
cached = pytest.mark.usefixtures("reference_cache")


def genre_names(client) -> list[str]:
    return [item["genreName"] for item in client.get("/api/genres").json()["items"]]


@cached
def test_a_kept_list_is_answered_without_a_query(anon_client):
    GenreFactory(genre_name="Drama")
    # Its notification drops the lists once it arrives: after it, the next read is kept.
    arrived()
    genre_names(anon_client)  # read and kept
    with connection.execute_wrapper(_refuse_queries):
        assert genre_names(anon_client) == ["Drama"]


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError(f"unexpected query: {sql}")


@cached
def test_a_committed_change_shows_in_the_next_list(anon_client):
    GenreFactory(genre_name="Drama")
    assert genre_names(anon_client) == ["Drama"]
    GenreFactory(genre_name="Horror")  # autocommit: notified on commit
    arrived()
    assert genre_names(anon_client) == ["Drama", "Horror"]


@cached
def test_a_truncated_table_is_not_answered_from_memory(anon_client):
    CountryFactory(country_name="Australia", iso_country_code="au")
    assert len(anon_client.get("/api/countries").json()["items"]) == 1
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE country CASCADE")
    arrived()
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


def notify(payload: str) -> None:
    """A committed notification on the lists' channel, waited for."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [reference.CHANNEL, payload])
    arrived()


@cached
def test_a_notification_naming_another_world_keeps_this_worlds_lists(anon_client):
    GenreFactory(genre_name="Drama")
    notify("public")  # after the insert's own
    genre_names(anon_client)  # read and kept
    notify("sbx_000000000000000000000000")
    with connection.execute_wrapper(_refuse_queries):
        assert genre_names(anon_client) == ["Drama"]


@cached
def test_a_notification_naming_no_world_drops_every_worlds_lists(anon_client):
    genre_names(anon_client)
    notify("")
    assert reference._kept.entries == {}


@cached
def test_a_world_beyond_the_limit_takes_the_place_of_the_first_sandbox_kept(monkeypatch):
    monkeypatch.setattr(reference, "WORLDS_KEPT", 2)
    generation = reference._kept.generation
    for schema in ("public", "sbx_a", "sbx_b"):
        reference._kept.keep((schema, "genres"), [schema], generation)
    assert set(reference._kept.entries) == {("public", "genres"), ("sbx_b", "genres")}
