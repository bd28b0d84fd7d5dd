"""reelfake/db/worlds.py: what a world holds, the search path per connection, the copy."""

import asyncio
import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from reelfake.db import worlds
from sandboxes import services
from sandboxes.middleware import TOUCH_EVERY_SECONDS
from sandboxes.models import Sandbox
from sandboxes.selectors import key_hash
from tests.conftest import error
from tests.sandboxes.conftest import MOVIE, manager_login, prefix, schema_of, table_counts

pytestmark = pytest.mark.django_db

# Tables of Django and of the registry: one copy, in the main schema.
SHARED_PREFIXES = ("auth_", "django_", "token_blacklist_", "sandbox")


def test_template_holds_every_table_of_the_main_world_but_the_shared_ones(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        main = {row[0] for row in cursor.fetchall()}
        in_world = set(worlds.world_tables(cursor))
    assert {t for t in main if not t.startswith(SHARED_PREFIXES)} == in_world


def test_template_holds_no_shared_table(db):
    with connection.cursor() as cursor:
        assert not [t for t in worlds.world_tables(cursor) if t.startswith(SHARED_PREFIXES)]


def test_main_world_request_after_a_sandbox_request_reads_the_main_world(sandbox):
    in_sandbox = APIClient().get(f"{prefix(sandbox)}/api/movies")
    in_main = APIClient().get("/api/movies")
    assert (in_sandbox.status_code, in_sandbox.json()["pagination"]["totalItems"]) == (200, 100)
    no_movies = error("No data found with the given query")
    assert (in_main.status_code, in_main.json()) == (404, no_movies)


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_sandbox_request_commits_without_waiting_for_the_disk(sandbox):
    assert APIClient().get(f"{prefix(sandbox)}/api/genres").status_code == 200
    assert synchronous_commit() == "off"


def test_main_world_request_after_a_sandbox_request_waits_for_the_disk(sandbox):
    APIClient().get(f"{prefix(sandbox)}/api/genres")
    APIClient().get("/api/genres")
    assert synchronous_commit() == "on"


# The queries of a sandbox request, by what they read or write.
QUERIES = {
    "FROM sandbox WHERE key_hash": "lookup",  # sets the search path too
    'UPDATE "sandbox"': "touch",
    'FROM "toolkit_settings"': "standing settings",
    'FROM "genre"': "genres",
    "INSERT INTO toolkit_request": "inspector record",
}


def queries_of_genres(sandbox: dict) -> list[str]:
    """The queries a GET of the sandbox's genres sends, named (any other one as its SQL)."""
    with CaptureQueriesContext(connection) as captured:
        assert APIClient().get(f"{prefix(sandbox)}/api/genres").status_code == 200
    names = []
    for query in captured.captured_queries:
        sql = query["sql"]
        names.append(next((name for part, name in QUERIES.items() if part in sql), sql))
    return names


def test_sandbox_request_costs_one_query_before_the_view(sandbox, pinned_clocks):
    queries_of_genres(sandbox)
    # The lookup that sets the search path, the genres, and the request inspector's record
    # of the request (docs/toolkit.md "Request inspector").
    assert queries_of_genres(sandbox) == ["lookup", "genres", "inspector record"]


def test_sandbox_request_in_a_transaction_reads_the_standing_settings_again_after_their_ttl(
    sandbox, pinned_clocks, settings
):
    queries_of_genres(sandbox)
    pinned_clocks.advance(settings.REELFAKE_TOOLKIT_SETTINGS_TTL_MS / 1000)
    assert queries_of_genres(sandbox) == [
        "lookup",
        "standing settings",
        "genres",
        "inspector record",
    ]


def test_sandbox_request_a_minute_after_the_last_recorded_use_records_it_again(
    sandbox, pinned_clocks
):
    queries_of_genres(sandbox)
    last_used = Sandbox.objects.get(key_hash=key_hash(sandbox["key"])).last_used_at
    pinned_clocks.wall = last_used.timestamp() + TOUCH_EVERY_SECONDS
    assert queries_of_genres(sandbox) == ["lookup", "touch", "genres", "inspector record"]


def test_main_world_request_on_a_fresh_connection_sends_no_search_path(
    db, django_assert_num_queries
):
    connection.reelfake_search_path = None
    with django_assert_num_queries(1):
        APIClient().get("/api/genres")


@pytest.mark.django_db(transaction=True)
def test_main_world_after_a_sandbox_on_a_closed_connection_sends_no_search_path(sandbox):
    assert APIClient().get(f"{prefix(sandbox)}/api/genres").status_code == 200
    connection.close()  # the next connection starts on the server's default path
    sent = []
    with connection.execute_wrapper(lambda execute, sql, *args: sent.append(sql)):
        worlds.activate(worlds.MAIN_WORLD)
    assert sent == []


def test_main_world_request_after_a_stream_reads_the_main_world(sandbox):
    from tests.uploads.conftest import csv_bytes, numbered_rows, post_csv

    manager = manager_login(APIClient(), sandbox)
    upload = post_csv(
        manager,
        f"{prefix(sandbox)}/api/movies/upload/validate?enable_tracking",
        csv_bytes(numbered_rows(1)),
    )
    stream = manager.get(f"{prefix(sandbox)}/api{upload.json()['trackingUrl']}")
    assert b"validRowsCount" in b"".join(stream.streaming_content)
    assert APIClient().get("/api/movies").status_code == 404
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0] == '"$user", public'


def test_copy_without_superuser_rights_gives_the_same_rows(sandbox, other_sandbox, monkeypatch):
    monkeypatch.setattr(worlds, "_may_skip_triggers", lambda cursor: False)
    manager_login(client := APIClient(), sandbox)
    client.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    services.sandbox_reset(
        sandbox_id=services.Sandbox.objects.get(schema_name=schema_of(sandbox)).id
    )
    assert table_counts(schema_of(sandbox)) == table_counts(schema_of(other_sandbox))
    stats = APIClient().get(f"{prefix(sandbox)}/api/stats").json()
    assert stats == APIClient().get(f"{prefix(other_sandbox)}/api/stats").json()


def test_schema_names_outside_the_worlds_are_refused():
    with pytest.raises(ValueError):
        worlds.drop_world("public; DROP TABLE movie")


def test_default_connection_is_the_one_django_gives_this_thread():
    assert worlds.default_connection() is connections[DEFAULT_DB_ALIAS]


def test_default_connection_of_another_thread_is_that_threads_own():
    found = {}

    def other():
        found["first"] = worlds.default_connection()  # before the thread has one
        found["again"] = worlds.default_connection()
        found["django"] = connections[DEFAULT_DB_ALIAS]
        connections.close_all()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert found["first"] is found["again"] is found["django"]
    assert found["django"] is not connections[DEFAULT_DB_ALIAS]


def test_default_connection_inside_an_event_loop_is_the_one_django_gives_there():
    async def inside():
        return worlds.default_connection(), connections[DEFAULT_DB_ALIAS]

    outside = connections[DEFAULT_DB_ALIAS]
    found, django = asyncio.run(inside())
    assert found is django
    assert found is not outside
