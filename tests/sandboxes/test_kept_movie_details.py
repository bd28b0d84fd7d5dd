"""Kept movie details belong to their world: a movie write in a sandbox drops that sandbox's
kept answers, not the main world's (reelfake/kept_pages.py kept_item(), docs/performance.md
"Kept movie details")."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from reelfake import kept_pages
from reelfake.db import worlds
from tests.factories import MovieFactory
from tests.reference import wait_for
from tests.sandboxes.conftest import create, manager_login, prefix, schema_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept(settings):
    """This process's subscriptions, listened to; cancelled (and every answer dropped) after."""
    settings.REELFAKE_KEPT_PAGES = 256
    kept_pages._active()  # starts the listener
    wait_for(lambda: kept_pages._kept.ready)
    yield kept_pages._kept
    kept_pages.stop_listening()


def settle(kept) -> None:
    """Waits for the notifications of the writes so far to arrive."""
    generation = kept.generation
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, 'test')", [kept_pages.CHANNEL])
    wait_for(lambda: kept.generation != generation)


def worlds_kept(kept) -> set[str]:
    return {key[0] for key in kept.entries}


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
    manager_login(client, sandbox)
    response = client.put(
        f"{prefix(sandbox)}/api/movies/{sandbox_movie}", {"title": "Renamed"}, format="json"
    )
    assert response.status_code == 204, response.content
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
