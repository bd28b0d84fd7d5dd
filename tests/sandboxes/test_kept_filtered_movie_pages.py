"""Kept filtered movie list pages belong to their world: the same query in a sandbox and in the
main world gets each world's own answer, and a movie write in a sandbox drops that sandbox's
kept pages, not the main world's (movies/views.py MovieViewSet.list, docs/performance.md
"Kept filtered movie pages")."""

import pytest
from rest_framework.test import APIClient

from reelfake import kept_pages
from reelfake.db import worlds
from tests.factories import MovieFactory
from tests.kept import kept_listening, page, settle, worlds_kept
from tests.sandboxes.conftest import create, movie_renamed, prefix, schema_of

pytestmark = pytest.mark.django_db(transaction=True)

QUERY = "/api/movies?sort=title"


@pytest.fixture
def kept(settings):
    """The filtered pages' store, listened to; cancelled (and every answer dropped) after."""
    yield from kept_listening(
        settings, kept_pages, store="_kept_filtered", REELFAKE_KEPT_FILTERED_PAGES=256
    )


def items(client, path: str) -> list[dict]:
    return page(client, path)["items"]


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
    movie_renamed(client, sandbox, first["id"], "Zzz Renamed")
    settle(kept)  # the write's own notification arrived before
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema}
    assert items(client, sandbox_query)[0]["id"] != first["id"]  # "Zzz Renamed" sorts later
    assert items(client, QUERY)[0]["title"] == "Main Title"
