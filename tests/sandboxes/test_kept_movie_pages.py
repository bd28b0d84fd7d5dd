"""Kept movie list pages belong to their world: a movie write in a sandbox drops that
sandbox's kept pages, not the main world's (movies/views.py MovieViewSet.list,
docs/performance.md "Kept movie pages")."""

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from reelfake import kept_pages
from reelfake.db import worlds
from tests.factories import MovieFactory
from tests.kept import kept_listening, page, settle, worlds_kept
from tests.sandboxes.conftest import create, movie_renamed, prefix, schema_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept(settings):
    """This process's subscriptions, listened to; cancelled (and every answer dropped) after."""
    yield from kept_listening(settings, kept_pages, REELFAKE_KEPT_PAGES=256)


def first_title(client, path: str) -> str:
    return page(client, path)["items"][0]["title"]


def test_a_sandbox_movie_update_drops_that_sandboxs_pages_only(kept):
    MovieFactory(title="Main Title")
    client = APIClient()
    sandbox = create(client)
    schema = schema_of(sandbox)
    sandbox_page = f"{prefix(sandbox)}/api/movies?page=1"
    sandbox_movie = client.get(sandbox_page).json()["items"][0]["id"]
    assert first_title(client, "/api/movies?page=1") == "Main Title"
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema, schema}
    movie_renamed(client, sandbox, sandbox_movie, "Renamed")
    settle(kept)  # the write's own notification arrived before
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema}
    assert first_title(client, sandbox_page) == "Renamed"
    assert first_title(client, "/api/movies?page=1") == "Main Title"


def test_a_sandbox_movie_insert_by_another_process_drops_that_sandboxs_pages_only(kept):
    MovieFactory(title="Main Title")
    client = APIClient()
    sandbox = create(client)
    schema = schema_of(sandbox)
    sandbox_last = f"{prefix(sandbox)}/api/movies?page=last"
    total = client.get(sandbox_last).json()["pagination"]["totalItems"]
    assert first_title(client, "/api/movies?page=last") == "Main Title"
    # A write this process's services did not make, in the sandbox's search path (its
    # quota triggers name their tables unqualified).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL search_path TO "{schema}", public')
        cursor.execute(
            f'INSERT INTO "{schema}".movie (tmdb_id, imdb_id, title, original_title, overview, '
            "runtime, release_date, genre_ids, origin_country_ids, language_id, movie_status, "
            "popularity, budget, revenue, rating_average, rating_count, poster_url, rental_rate) "
            "SELECT tmdb_id + 100000000, NULL, 'Inserted', original_title, overview, runtime, "
            "release_date, genre_ids, origin_country_ids, language_id, movie_status, popularity, "
            "budget, revenue, rating_average, rating_count, poster_url, rental_rate "
            f'FROM "{schema}".movie ORDER BY id LIMIT 1'
        )
    settle(kept)
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema}
    body = client.get(sandbox_last).json()
    assert body["pagination"]["totalItems"] == total + 1
    assert body["items"][-1]["title"] == "Inserted"
