"""Each process remembers which sandbox a key names, and forgets it as soon as another
process deletes, resets or expires it (sandboxes/routes.py, docs/sandboxes.md "Routing
cache"). This process remembers; a server process of its own plays the other instance.
Notifications are sent at commit: these tests commit."""

import dataclasses
from datetime import timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient

from reelfake.db import listener as listener_module
from reelfake.db.listener import process_listener
from sandboxes import routes
from sandboxes.models import Sandbox
from sandboxes.selectors import key_hash
from tests.live import Client, Server, free_port, wait_until
from tests.sandboxes.conftest import (
    MOVIE,
    SERVER_ENV,
    QueriesNaming,
    create,
    manager_login,
    prefix,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def other_instance(django_db_setup, sandbox_template):
    server = Server(free_port(), env={**SERVER_ENV, "SANDBOX_ROUTE_CACHE": "true"}).start()
    yield server
    server.stop()


@pytest.fixture
def route_cache(settings):
    settings.SANDBOX_ROUTE_CACHE = True
    routes._routes.start()
    wait_until(lambda: routes._routes.ready, what="the routes channel to be listened to")
    yield routes._routes
    routes.stop_listening()


def registry_lookups() -> QueriesNaming:
    """Counts the sandbox registry lookups of this thread's connection."""
    return QueriesNaming("FROM sandbox WHERE key_hash")


def forgotten(sandbox: dict) -> None:
    """Waits for the other instance's notification to reach this process: it is sent at
    commit and travels through PostgreSQL, so on a loaded machine it may land a few
    milliseconds after the answer (docs/sandboxes.md "Routing cache")."""
    wait_until(lambda: sandbox["key"] not in routes._routes.entries, what="the notification")


def genres(sandbox: dict) -> int:
    return APIClient().get(f"{prefix(sandbox)}/api/genres").status_code


def remembered(sandbox: dict) -> dict:
    """Enter the sandbox once, so that this process remembers its key."""
    assert genres(sandbox) == 200
    assert sandbox["key"] in routes._routes.entries
    return sandbox


def test_a_remembered_sandbox_is_entered_without_a_lookup(route_cache):
    sandbox = remembered(create())
    lookups = registry_lookups()
    with connection.execute_wrapper(lookups):
        assert genres(sandbox) == 200
    assert lookups.count == 0


def test_a_remembered_sandbox_is_entered_again_on_a_new_database_connection(route_cache):
    sandbox = remembered(create())
    connection.close()  # CONN_MAX_AGE reached, or a health check failed
    response = APIClient().get(f"{prefix(sandbox)}/api/movies")
    # The sandbox's seeded movies: the main world of the tests holds none (404).
    assert (response.status_code, response.json()["pagination"]["totalItems"]) == (200, 100)


def test_a_sandbox_deleted_through_another_instance_is_not_found_once_notified(
    route_cache, other_instance
):
    sandbox = remembered(create())
    status, _, _ = Client(other_instance).request("DELETE", f"{prefix(sandbox)}/api/sandbox")
    assert status == 204
    forgotten(sandbox)
    assert genres(sandbox) == 404


def test_a_sandbox_reset_through_another_instance_shows_its_seeded_rows_once_notified(
    route_cache, other_instance
):
    from sandboxes import services

    sandbox = create()
    manager = manager_login(APIClient(), sandbox)
    assert manager.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json").status_code == 201
    remembered(sandbox)
    services.pool_fill(size=1)  # the reset swaps in a fresh schema
    status, _, _ = Client(other_instance).request("POST", f"{prefix(sandbox)}/api/sandbox/reset")
    assert status == 200
    forgotten(sandbox)
    found = manager.get(f"{prefix(sandbox)}/api/movies", {"title": MOVIE["title"]})
    assert found.status_code == 404


def test_nothing_remembered_is_used_while_the_listener_is_down(route_cache, monkeypatch):
    monkeypatch.setattr(listener_module, "RECONNECT_SECONDS", 60)
    sandbox = remembered(create())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [process_listener().backend_pid])
    wait_until(lambda: not route_cache.ready, what="the listener to notice")
    lookups = registry_lookups()
    with connection.execute_wrapper(lookups):
        assert genres(sandbox) == 200
    assert lookups.count == 1
    assert route_cache.entries == {}


def test_an_expired_sandbox_is_not_entered_from_memory(route_cache, monkeypatch):
    sandbox = remembered(create())
    row = Sandbox.objects.get(key_hash=key_hash(sandbox["key"]))
    # Its expiry passes without any notification.
    Sandbox.objects.filter(id=row.id).update(expires_at=row.expires_at - timedelta(days=2))
    monkeypatch.setattr(routes, "_now", lambda: (row.expires_at + timedelta(seconds=1)).timestamp())
    assert genres(sandbox) == 404


def test_a_remembered_sandbox_still_records_its_use_once_a_minute(route_cache):
    sandbox = remembered(create())
    key, hashed = sandbox["key"], key_hash(sandbox["key"])
    an_hour_ago = route_cache.entries[key].last_used_at - timedelta(hours=1)
    Sandbox.objects.filter(key_hash=hashed).update(last_used_at=an_hour_ago)
    entry = route_cache.entries[key]
    route_cache.entries[key] = dataclasses.replace(entry, last_used_at=an_hour_ago)
    assert genres(sandbox) == 200
    assert Sandbox.objects.get(key_hash=hashed).last_used_at > an_hour_ago
    assert route_cache.entries[key].last_used_at > an_hour_ago


def test_a_route_looked_up_inside_a_transaction_is_not_remembered(route_cache):
    from django.db import transaction

    sandbox = create()
    with transaction.atomic():
        assert genres(sandbox) == 200
    assert route_cache.entries == {}


def test_remembered_sandboxes_read_one_after_another_each_answer_from_its_own_world(route_cache):
    # One thread, one connection: sandbox A, then B, then the main world, then A again, each
    # entered from memory (docs/sandboxes.md "Routing cache"); nothing of one request's world
    # stays for the next.
    first, second = create(), create()
    manager = manager_login(APIClient(), first)
    assert manager.post(f"{prefix(first)}/api/movies", MOVIE, format="json").status_code == 201
    remembered(first), remembered(second)
    reader = APIClient()

    def found(world: str) -> int:
        return reader.get(f"{world}/api/movies", {"title": MOVIE["title"]}).status_code

    assert [found(prefix(first)), found(prefix(second)), found(""), found(prefix(first))] == [
        200,
        404,
        404,
        200,
    ]
