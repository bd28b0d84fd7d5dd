"""Kept movie details belong to their world: a movie write in a sandbox drops that sandbox's
kept answers, not the main world's (reelfake/kept_pages.py kept_item(), docs/performance.md
"Kept movie details")."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from reelfake import kept_pages
from reelfake.db import worlds
from tests.factories import MovieFactory
from tests.kept import kept_listening, settle, worlds_kept
from tests.sandboxes.conftest import create, movie_renamed, prefix, schema_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept(settings):
    """This process's subscriptions, listened to; cancelled (and every answer dropped) after."""
    yield from kept_listening(settings, kept_pages, REELFAKE_KEPT_PAGES=256)


def test_a_sandbox_movie_update_drops_that_sandboxs_details_only(kept):
    main_movie = MovieFactory(title="Main Title")
    client = APIClient()
    sandbox = create(client)
    schema = schema_of(sandbox)
    sandbox_movie = client.get(prefix(sandbox) + "/api/movies").json()["items"][0]["id"]
    sandbox_detail = f"{prefix(sandbox)}/api/movies/{sandbox_movie}?include_actors=true"
    assert client.get(f"/api/movies/{main_movie.id}?include_actors=true").status_code == 200
    assert client.get(sandbox_detail).status_code == 200
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema, schema}
    movie_renamed(client, sandbox, sandbox_movie, "Renamed")
    settle(kept)  # the write's own notification arrived before
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema}
    assert client.get(sandbox_detail).json()["title"] == "Renamed"
    main = client.get(f"/api/movies/{main_movie.id}?include_actors=true").json()
    assert main["title"] == "Main Title"


def test_a_sandbox_actor_rename_by_another_process_drops_that_sandboxs_details_only(kept):
    main_movie = MovieFactory()
    client = APIClient()
    sandbox = create(client)
    schema = schema_of(sandbox)
    sandbox_movie = client.get(prefix(sandbox) + "/api/movies").json()["items"][0]["id"]
    sandbox_detail = f"{prefix(sandbox)}/api/movies/{sandbox_movie}?include_actors=true"
    assert client.get(f"/api/movies/{main_movie.id}").status_code == 200
    [first, *_] = client.get(sandbox_detail).json()["actors"]
    with connection.cursor() as cursor:  # a write this process's services did not make
        cursor.execute(
            f'UPDATE "{schema}".actor SET actor_name = %s WHERE id = %s', ["Renamed", first["id"]]
        )
    settle(kept)
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema}
    assert client.get(sandbox_detail).json()["actors"][0]["actorName"] == "Renamed"
