"""Sandboxes still holding the template's rows share the template's kept movie pages and
details, read from the template itself; a sandbox's first change (in any process) gives it
its own again, until a reset (reelfake/kept_pages.py, docs/sandboxes.md "Pages shared by
unchanged sandboxes"). Notifications are sent at commit: these tests commit."""

import json

import pytest
from django.db import connection
from rest_framework.test import APIClient

from reelfake import kept_pages
from reelfake.db import worlds
from reelfake.db.seeding import DEMO_MANAGER_EMAIL, DEMO_PASSWORD
from sandboxes import routes
from tests.kept import kept_listening, page, settle, worlds_kept
from tests.live import Client, Server, free_port, wait_until
from tests.sandboxes.conftest import (
    SERVER_ENV,
    QueriesNaming,
    create,
    login,
    movie_renamed,
    prefix,
    schema_of,
)

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/api/movies?page=1"


@pytest.fixture
def kept(settings):
    """Kept pages and remembered routes on, both listened to; cancelled after."""
    settings.SANDBOX_ROUTE_CACHE = True
    routes._routes.start()
    wait_until(lambda: routes._routes.ready, what="the routes channel to be listened to")
    yield from kept_listening(settings, kept_pages, REELFAKE_KEPT_PAGES=256)
    routes.stop_listening()


@pytest.fixture(scope="module")
def other_instance(django_db_setup, sandbox_template):
    server = Server(free_port(), env={**SERVER_ENV, "SANDBOX_ROUTE_CACHE": "true"}).start()
    yield server
    server.stop()


def fresh(client, kept) -> dict:
    """A new sandbox, its copy's notification (it names the sandbox) arrived: a route looked
    up before it arrives is looked at again at the next request, its first page kept as its
    own (conservative, and timing-dependent in a test)."""
    sandbox = create(client)
    settle(kept)
    return sandbox


def template_copy() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [worlds.TEMPLATE_SCHEMA])
        return f"{worlds.TEMPLATE_SCHEMA}@{cursor.fetchone()[0]}"


def titles(client, sandbox: dict, path: str = PAGE) -> list[str]:
    return [item["title"] for item in page(client, f"{prefix(sandbox)}{path}")["items"]]


def first_movie(client, sandbox: dict) -> int:
    return page(client, f"{prefix(sandbox)}{PAGE}")["items"][0]["id"]


def retitled_without_notice(schema: str, movie_id: int, title: str) -> None:
    """A committed change of a sandbox's movie that no notification announces and no trigger
    records (triggers off): what a change looks like to this process in the moment between
    another process's commit and its notification's arrival."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(f'UPDATE "{schema}".movie SET title = %s WHERE id = %s', [title, movie_id])
        cursor.execute("RESET session_replication_role")


def test_unchanged_sandboxes_share_one_kept_page(kept):
    client = APIClient()
    first, second = fresh(client, kept), fresh(client, kept)
    assert titles(client, first) == titles(client, second)
    assert worlds_kept(kept) == {template_copy()}
    assert len(kept.entries) == 1


def test_a_sign_in_leaves_a_sandbox_sharing_the_templates_pages(kept):
    """A frontend's first step in its sandbox writes only tables outside the data set (the
    login throttle's, the inspector's records): in the database too, its pages stay the
    template's."""
    client = APIClient()
    sandbox = fresh(client, kept)
    login(client, sandbox)
    assert worlds.pristine_source(schema_of(sandbox)) == template_copy()
    titles(APIClient(), sandbox)
    assert worlds_kept(kept) == {template_copy()}


def test_a_shared_page_is_the_one_each_sandbox_reads_with_kept_pages_off(kept, settings):
    client = APIClient()
    sandbox = fresh(client, kept)
    titles(client, sandbox)
    shared = client.get(f"{prefix(sandbox)}{PAGE}")
    settings.REELFAKE_KEPT_PAGES = 0
    read = client.get(f"{prefix(sandbox)}{PAGE}")
    assert shared.status_code == read.status_code == 200
    assert shared.content == read.content


def test_a_shared_page_is_read_from_the_template_not_from_a_sandbox(kept):
    client = APIClient()
    changed, other = fresh(client, kept), fresh(client, kept)
    movie = first_movie(client, changed)  # both routes remembered as unchanged
    first_movie(client, other)
    with kept._lock:
        kept.entries.clear()  # nothing kept (no world marked changed): the next read builds
    retitled_without_notice(schema_of(changed), movie, "Not Yet Announced")
    # Built in the sandbox whose change is not yet heard of, shared with the other: the
    # template's title in both, never the sandbox's.
    assert "Not Yet Announced" not in titles(client, changed)
    assert "Not Yet Announced" not in titles(client, other)


def test_a_changed_sandbox_reads_its_own_rows_and_the_others_keep_the_templates(kept):
    client = APIClient()
    changed, other = fresh(client, kept), fresh(client, kept)
    template_titles = titles(client, other)
    movie_renamed(client, changed, first_movie(client, changed), "Renamed Here")
    assert titles(client, changed)[0] == "Renamed Here"
    assert titles(client, other) == template_titles
    assert titles(client, fresh(client, kept)) == template_titles
    assert worlds_kept(kept) == {template_copy(), schema_of(changed)}


def test_a_change_through_another_instance_gives_the_sandbox_its_own_pages(kept, other_instance):
    client = APIClient()
    changed, other = fresh(client, kept), fresh(client, kept)
    template_titles = titles(client, other)
    movie = first_movie(client, changed)
    remote = Client(other_instance).login(DEMO_MANAGER_EMAIL, DEMO_PASSWORD, prefix(changed))
    body = json.dumps({"title": "Renamed There"}).encode()
    headers = {"Content-Type": "application/json"}
    status, _, _ = remote.request("PUT", f"{prefix(changed)}/api/movies/{movie}", body, headers)
    assert status == 204
    settle(kept)
    assert titles(client, changed)[0] == "Renamed There"
    assert titles(client, other) == template_titles


def test_a_reset_makes_a_changed_sandbox_share_again(kept):
    client = APIClient()
    sandbox = fresh(client, kept)
    template_titles = titles(client, sandbox)
    movie_renamed(client, sandbox, first_movie(client, sandbox), "Renamed")
    assert titles(client, sandbox)[0] == "Renamed"
    assert client.post(f"{prefix(sandbox)}/api/sandbox/reset").status_code == 200
    settle(kept)
    wait_until(lambda: sandbox["key"] not in routes._routes.entries, what="the reset's notice")
    assert titles(client, sandbox) == template_titles
    assert titles(client, sandbox) == template_titles
    assert worlds_kept(kept) == {template_copy()}


def rows_digest(schema: str, table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM \"{schema}\".{table} t"
        )
        return cursor.fetchone()[0]


def test_a_reset_after_the_template_was_rebuilt_copies_the_tables_not_written_too(
    rebuilt_template_after_write,
):
    schema = rebuilt_template_after_write
    for table in ("customer", "actor", "movie"):
        assert rows_digest(schema, table) == rows_digest(worlds.TEMPLATE_SCHEMA, table), table


@pytest.fixture
def rebuilt_template_after_write(settings):
    """A sandbox whose movies were written, the template then rebuilt from another seed, the
    sandbox then reset in place (no pool): its schema. The usual template built again after."""
    client = APIClient()
    sandbox = create(client)
    movie_renamed(client, sandbox, 1, "Renamed")
    worlds.build_template(scale=settings.SANDBOX_SEED_SCALE, seed=43)
    try:
        assert client.post(f"{prefix(sandbox)}/api/sandbox/reset").status_code == 200
        yield schema_of(sandbox)
    finally:
        worlds.build_template(scale=settings.SANDBOX_SEED_SCALE)


def test_a_sandbox_copied_before_the_template_was_rebuilt_reads_its_own_pages(kept, settings):
    client = APIClient()
    sandbox = fresh(client, kept)
    before = titles(client, sandbox)
    assert worlds_kept(kept) == {template_copy()}
    worlds.build_template(scale=settings.SANDBOX_SEED_SCALE, seed=43)
    try:
        settle(kept)
        assert titles(client, sandbox) == before
        assert worlds_kept(kept) == {schema_of(sandbox)}
        assert titles(client, fresh(client, kept)) != before  # the new template's rows
    finally:
        worlds.build_template(scale=settings.SANDBOX_SEED_SCALE)


def test_a_changed_sandbox_is_looked_at_once_after_its_change_not_on_every_request(kept):
    client = APIClient()
    sandbox = fresh(client, kept)
    movie_renamed(client, sandbox, first_movie(client, sandbox), "Renamed")
    settle(kept)
    looks = QueriesNaming("sandbox_changed")  # worlds.pristine_source()
    with connection.execute_wrapper(looks):
        for _ in range(5):
            assert titles(client, sandbox)[0] == "Renamed"
    assert looks.count == 1
    assert routes._routes.entries[sandbox["key"]].copy_of is None


def test_a_route_remembered_before_the_kept_pages_listened_shares_once_they_do(settings):
    settings.SANDBOX_ROUTE_CACHE = True
    routes._routes.start()
    wait_until(lambda: routes._routes.ready, what="the routes channel to be listened to")
    settings.REELFAKE_KEPT_PAGES = 0
    client = APIClient()
    sandbox = create(client)
    titles(client, sandbox)
    assert routes._routes.entries[sandbox["key"]].changes_seen == routes.UNCHECKED
    try:
        kept = next(kept_listening(settings, kept_pages, REELFAKE_KEPT_PAGES=256))
        titles(client, sandbox)
        assert worlds_kept(kept) == {template_copy()}
    finally:
        kept_pages.stop_listening()
        routes.stop_listening()


@pytest.mark.parametrize(
    "path",
    [
        "/api/movies?page=2",
        "/api/movies?page=1&sort=title",
        "/api/movies/1",
        "/api/movies/1?include_actors=true",
        "/api/customers/summary?page=1",
    ],
)
def test_a_page_another_sandbox_kept_is_this_sandboxs_own_bytes(kept, settings, path):
    settings.REELFAKE_KEPT_FILTERED_PAGES = 256
    settings.REELFAKE_KEPT_FILTERED_PAGES_PER_WORLD = 64
    filtered = kept_pages._kept_filtered
    filtered.active()
    wait_until(lambda: filtered.ready, what="the filtered pages' channels to be listened to")
    store = filtered if "sort=" in path else kept
    client = APIClient()
    builder, reader = fresh(client, kept), fresh(client, kept)
    assert client.get(f"{prefix(builder)}{path}").status_code == 200
    assert worlds_kept(store) == {template_copy()}
    entries = len(store.entries)
    shared = client.get(f"{prefix(reader)}{path}")
    assert len(store.entries) == entries  # found, not built again
    settings.REELFAKE_KEPT_PAGES = 0
    settings.REELFAKE_KEPT_FILTERED_PAGES = 0
    own = client.get(f"{prefix(reader)}{path}")
    assert shared.status_code == own.status_code == 200
    assert shared.content == own.content
    assert builder["key"].encode() not in shared.content
