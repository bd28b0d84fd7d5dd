"""Kept filtered movie list pages belong to their world: the same query in a sandbox and in the
main world gets each world's own answer, and a movie write in a sandbox drops that sandbox's
kept pages, not the main world's (movies/views.py MovieViewSet.list, docs/performance.md
"Kept filtered movie pages")."""

import pytest
from rest_framework.test import APIClient

from reelfake import kept_pages
from reelfake.db import worlds
from tests.factories import MovieFactory
from tests.kept import settle, worlds_kept
from tests.reference import wait_for
from tests.sandboxes.conftest import create, manager_login, prefix, schema_of

pytestmark = pytest.mark.django_db(transaction=True)

QUERY = "/api/movies?sort=title"


@pytest.fixture
def kept(settings):
    """The filtered pages' store, listened to; cancelled (and every answer dropped) after."""
    settings.REELFAKE_KEPT_FILTERED_PAGES = 256
    kept_pages._filtered_active()  # starts the listener
    wait_for(lambda: kept_pages._kept_filtered.ready)
    yield kept_pages._kept_filtered
    kept_pages.stop_listening()


def items(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_a_sandbox_and_the_main_world_keep_their_own_answer_to_one_query(kept):
    MovieFactory(title="Main Title")
    client = APIClient()
    sandbox = create(client)
    settle(kept)
    main = items(client, QUERY)
    in_sandbox = items(client, prefix(sandbox) + QUERY)
    assert [item["title"] for item in main] == ["Main Title"]
    assert [item["title"] for item in in_sandbox] != ["Main Title"]
    assert items(client, QUERY) == main
    assert items(client, prefix(sandbox) + QUERY) == in_sandbox
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema, schema_of(sandbox)}


def test_a_sandbox_movie_update_drops_that_sandboxs_filtered_pages_only(kept):
    MovieFactory(title="Main Title")
    client = APIClient()
    sandbox = create(client)
    settle(kept)
    sandbox_query = prefix(sandbox) + QUERY
    first = items(client, sandbox_query)[0]
    assert items(client, QUERY)[0]["title"] == "Main Title"
    manager_login(client, sandbox)
    response = client.put(
        f"{prefix(sandbox)}/api/movies/{first['id']}", {"title": "Zzz Renamed"}, format="json"
    )
    assert response.status_code == 204, response.content
    settle(kept)  # the write's own notification arrived before
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema}
    assert items(client, sandbox_query)[0]["id"] != first["id"]  # "Zzz Renamed" sorts later
    assert items(client, QUERY)[0]["title"] == "Main Title"
