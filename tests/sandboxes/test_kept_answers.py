"""Kept answers in sandboxes: a plain request for a reference list of a sandbox gets the whole
stack's last answer in that sandbox replayed (sandboxes/kept_answers.py, docs/sandboxes.md
"Kept answers in sandboxes", docs/performance.md "Kept answers").

Each replayed answer is compared with a request made with REELFAKE_KEPT_ANSWERS off, the
whole stack's answer. A replayed answer is a plain HttpResponse; the stack's is DRF's
Response, which is how a test knows which one answered."""

import logging
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from reelfake import kept_answers
from reelfake.db import worlds
from sandboxes import kept_answers as sandbox_kept_answers
from sandboxes import routes
from sandboxes.models import Sandbox
from sandboxes.selectors import key_hash
from tests.conftest import error
from tests.factories import GenreFactory
from tests.reference import arrived, reference_cache  # noqa: F401 (a fixture)
from tests.replay import replayed, whole_stack, wire
from tests.sandboxes.conftest import create, prefix, schema_of
from toolkit import middleware as toolkit_middleware

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_cache")]

PATHS = ["/api/genres", "/api/movie_languages", "/api/countries", "/api/cities"]
GENRES = "/api/genres"
NOT_FOUND = error("Sandbox not found")


def by_prefix(sandbox: dict, path: str = GENRES, **headers):
    return lambda client: client.get(prefix(sandbox) + path, **headers)


def by_header(sandbox: dict, path: str = GENRES, **headers):
    return lambda client: client.get(path, HTTP_X_REELFAKE_SANDBOX=sandbox["key"], **headers)


def kept(client, call):
    """The plain request answered by the stack (and kept), then replayed."""
    call(client)
    response = call(client)
    assert replayed(response)
    return response


def notified(write) -> None:
    """Runs a committed write, then waits for a notification sent after it (naming no world):
    the write's own notifications, sent before, have arrived."""
    write()
    arrived()


def add_genre(schema: str, name: str) -> None:
    """A committed insert into the genres of world `schema` (its triggers name their tables
    unqualified: the schema first on the search path)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL search_path TO "{schema}", public')
        cursor.execute("INSERT INTO genre (genre_name) VALUES (%s)", [name])


@pytest.fixture(autouse=True)
def nothing_kept_before():
    kept_answers._answers.clear()
    sandbox_kept_answers._keys.clear()
    sandbox_kept_answers._paths.clear()


@pytest.fixture
def client():
    return APIClient()


def created(client) -> dict:
    """A new sandbox, once the notifications of its making (its schema's fill) arrived: a
    late one would drop its lists between two requests of a test (and a list compressed
    again differs in its random bytes, docs/performance.md "What every request costs")."""
    sandbox = create(client)
    notified(lambda: None)
    return sandbox


@pytest.fixture
def sandbox(client):
    return created(client)


@pytest.fixture
def other(client):
    return created(client)


@pytest.mark.parametrize("address", [by_prefix, by_header], ids=["prefix", "header"])
@pytest.mark.parametrize("encoding", [None, "gzip, deflate, br"], ids=["plain", "gzip"])
@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("path", PATHS)
def test_a_replayed_sandbox_answer_is_the_whole_stacks_answer(
    client, settings, sandbox, path, method, encoding, address
):
    headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}
    if address is by_header:
        headers["HTTP_X_REELFAKE_SANDBOX"] = sandbox["key"]
        url = path
    else:
        url = prefix(sandbox) + path

    def call():
        return getattr(client, method)(url, **headers)

    expected = whole_stack(settings, call)
    call()  # the stack's, kept
    response = call()
    assert replayed(response)
    assert wire(response) == wire(expected)


@pytest.mark.parametrize("address", [by_prefix, by_header], ids=["prefix", "header"])
def test_each_sandbox_gets_its_own_replayed_answer(client, settings, sandbox, other, address):
    notified(lambda: add_genre(schema_of(other), "Only Other"))
    expected = [whole_stack(settings, lambda s=s: address(s)(client)) for s in (sandbox, other)]
    answers = [kept(client, address(s)) for s in (sandbox, other)]
    assert [wire(a) for a in answers] == [wire(e) for e in expected]
    assert b"Only Other" in answers[1].content and b"Only Other" not in answers[0].content


@pytest.mark.parametrize("address", [by_prefix, by_header], ids=["prefix", "header"])
def test_a_replayed_sandbox_304_is_the_whole_stacks_304(client, settings, sandbox, address):
    etag = kept(client, address(sandbox))["ETag"]
    conditional = address(sandbox, HTTP_IF_NONE_MATCH=etag)
    expected = whole_stack(settings, lambda: conditional(client))
    kept(client, address(sandbox))  # the setting's change dropped the kept answers
    conditional(client)  # the stack's 304, kept
    response = conditional(client)
    assert (replayed(response), response.status_code) == (True, 304)
    assert wire(response) == wire(expected)


def test_a_new_genre_in_one_sandbox_drops_only_that_sandboxs_answers(client, sandbox, other):
    for world in (by_prefix(sandbox), by_prefix(other), lambda c: c.get(GENRES)):
        kept(client, world)
    notified(lambda: add_genre(schema_of(sandbox), "Film Noir"))
    fresh = by_prefix(sandbox)(client)
    assert (replayed(fresh), fresh.json()["items"][-1]["genreName"]) == (False, "Film Noir")
    assert replayed(by_prefix(other)(client))
    assert replayed(client.get(GENRES))


def test_a_new_genre_in_the_other_sandbox_leaves_this_ones_answer(client, sandbox, other):
    before = kept(client, by_prefix(sandbox))
    kept(client, by_prefix(other))
    notified(lambda: add_genre(schema_of(other), "Film Noir"))
    after = by_prefix(sandbox)(client)
    assert (replayed(after), after.content) == (True, before.content)
    assert not replayed(by_prefix(other)(client))


def test_a_new_genre_in_the_main_world_leaves_the_sandboxes_answers(client, sandbox):
    kept(client, by_prefix(sandbox))
    kept(client, lambda c: c.get(GENRES))
    notified(lambda: GenreFactory(genre_name="Film Noir"))
    assert replayed(by_prefix(sandbox)(client))
    main = client.get(GENRES)
    assert (replayed(main), main.json()["items"][-1]["genreName"]) == (False, "Film Noir")


def test_a_sandbox_reset_drops_only_that_sandboxs_answers(client, sandbox, other):
    kept(client, by_prefix(sandbox))
    kept(client, by_prefix(other))
    notified(lambda: add_genre(schema_of(sandbox), "Film Noir"))
    kept(client, by_prefix(sandbox))
    reset = f"{prefix(sandbox)}/api/sandbox/reset"
    notified(lambda: client.post(reset))
    fresh = by_prefix(sandbox)(client)
    assert (replayed(fresh), b"Film Noir" in fresh.content) == (False, False)
    assert replayed(by_prefix(other)(client))


def inspected(client, sandbox: dict) -> list[dict]:
    """The sandbox's recorded requests, oldest first, without what differs per request."""
    response = client.get(f"{prefix(sandbox)}/api/_inspector/requests")
    assert response.status_code == 200, response.content
    ignored = {"id", "at", "durationMs", "requestId"}
    items = reversed(response.json()["items"])
    return [{name: value for name, value in item.items() if name not in ignored} for item in items]


@pytest.mark.parametrize("address", [by_prefix, by_header], ids=["prefix", "header"])
@pytest.mark.parametrize("encoding", [None, "gzip"], ids=["plain", "gzip"])
def test_the_inspector_records_a_replayed_request_as_the_stacks(client, sandbox, address, encoding):
    headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}
    kept(client, address(sandbox, **headers))
    stack, replay = inspected(client, sandbox)
    assert replay == stack
    assert stack["status"] == 200 and stack["responseBody"].startswith('{"items": [')


def test_the_inspector_records_a_replayed_304_as_the_stacks_200(client, sandbox):
    etag = kept(client, by_prefix(sandbox))["ETag"]
    conditional = by_prefix(sandbox, HTTP_IF_NONE_MATCH=etag)
    conditional(client)
    assert (replayed(conditional(client)), conditional(client).status_code) == (True, 304)
    records = inspected(client, sandbox)
    assert len(records) == 5 and all(record == records[0] for record in records)


def test_a_replayed_request_records_each_id_it_was_given(client, sandbox):
    kept(client, by_prefix(sandbox))
    by_prefix(sandbox, HTTP_X_REQUEST_ID="trace-7")(client)
    response = client.get(f"{prefix(sandbox)}/api/_inspector/requests?limit=1")
    assert response.json()["items"][0]["requestId"] == "trace-7"


def test_nothing_is_recorded_where_the_inspector_is_off(client, sandbox, monkeypatch):
    monkeypatch.setattr(toolkit_middleware, "inspector_allowed", lambda request: False)
    kept(client, by_prefix(sandbox))
    monkeypatch.undo()
    assert inspected(client, sandbox) == []


def test_a_standing_failure_rate_is_drawn_for_every_request(client, sandbox, monkeypatch):
    settings_url = f"{prefix(sandbox)}/api/_toolkit/settings"
    body = {"failRate": 0.5, "failStatuses": [503]}
    notified(lambda: client.put(settings_url, body, format="json"))
    draws = iter([False, False, True])
    monkeypatch.setattr(toolkit_middleware, "_chance", lambda probability: next(draws))
    responses = [by_prefix(sandbox)(client) for _ in range(3)]
    assert [(replayed(r), r.status_code) for r in responses] == [
        (False, 200),
        (False, 200),
        (False, 503),
    ]


def test_a_standing_latency_holds_every_request_of_its_sandbox(client, sandbox, monkeypatch):
    settings_url = f"{prefix(sandbox)}/api/_toolkit/settings"
    notified(lambda: client.put(settings_url, {"latency": "40"}, format="json"))
    sleeps = []
    monkeypatch.setattr(time, "sleep", sleeps.append)
    responses = [by_prefix(sandbox)(client) for _ in range(2)]
    assert [r["X-Reelfake-Injected"] for r in responses] == ["latency=40", "latency=40"]
    assert sleeps == [pytest.approx(0.04), pytest.approx(0.04)]


def test_standing_settings_for_other_routes_leave_the_replay(client, settings, sandbox):
    settings_url = f"{prefix(sandbox)}/api/_toolkit/settings"
    body = {"failRate": 1, "failStatuses": [503], "routes": ["/api/movies*"]}
    notified(lambda: client.put(settings_url, body, format="json"))
    expected = whole_stack(settings, lambda: by_prefix(sandbox)(client))
    response = kept(client, by_prefix(sandbox))
    assert (response.status_code, wire(response)) == (200, wire(expected))


def test_standing_settings_of_one_sandbox_leave_anothers_replay(client, sandbox, other):
    kept(client, by_prefix(other))
    settings_url = f"{prefix(sandbox)}/api/_toolkit/settings"
    body = {"failRate": 1, "failStatuses": [503]}
    notified(lambda: client.put(settings_url, body, format="json"))
    assert by_prefix(sandbox)(client).status_code == 503
    assert replayed(by_prefix(other)(client))


@pytest.mark.parametrize("address", [by_prefix, by_header], ids=["prefix", "header"])
def test_an_unknown_key_gets_the_whole_stacks_404(client, sandbox, address):
    kept(client, address(sandbox))
    response = address({"key": "k" * 40})(client)
    assert (replayed(response), response.status_code, response.json()) == (False, 404, NOT_FOUND)


@pytest.mark.parametrize("key", ["short", "a" * 31 + "!"])
def test_a_malformed_key_gets_the_404_without_a_query(
    client, sandbox, key, django_assert_num_queries
):
    kept(client, by_header(sandbox))
    with django_assert_num_queries(0):
        response = by_header({"key": key})(client)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_an_expired_sandbox_gets_the_404(client, sandbox, monkeypatch):
    kept(client, by_prefix(sandbox))
    expired = timezone.now() - timedelta(seconds=1)
    Sandbox.objects.filter(key_hash=key_hash(sandbox["key"])).update(expires_at=expired)
    later = time.time() + 30 * 24 * 3600  # past the expiry this process remembers
    monkeypatch.setattr(routes, "_now", lambda: later)
    response = by_prefix(sandbox)(client)
    assert (replayed(response), response.status_code, response.json()) == (False, 404, NOT_FOUND)


def test_a_deleted_sandbox_gets_the_404(client, sandbox):
    kept(client, by_prefix(sandbox))
    assert client.delete(f"{prefix(sandbox)}/api/sandbox").status_code == 204
    response = by_prefix(sandbox)(client)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_a_replayed_request_records_the_use_at_most_once_a_minute(client, sandbox):
    kept(client, by_prefix(sandbox))
    routes.stop_listening()  # the route looked up again, with the older last use
    mine = Sandbox.objects.filter(key_hash=key_hash(sandbox["key"]))
    mine.update(last_used_at=timezone.now() - timedelta(minutes=2))
    assert replayed(by_prefix(sandbox)(client))
    touched = mine.get().last_used_at
    assert timezone.now() - touched < timedelta(seconds=30)
    assert replayed(by_prefix(sandbox)(client))
    assert mine.get().last_used_at == touched


def test_a_replayed_sandbox_request_is_logged_as_the_stack_logs_it(
    client, settings, sandbox, caplog
):
    def fields(record):
        return (record.method, record.path, record.status, record.user_id, record.role)

    with caplog.at_level(logging.INFO, logger="reelfake.request"):
        whole_stack(settings, lambda: by_prefix(sandbox)(client))
        kept(client, by_prefix(sandbox))
    first, _, last = [r for r in caplog.records if r.name == "reelfake.request"]
    assert fields(last) == fields(first)
    assert first.path == f"/sandbox/{sandbox['key'][:4]}…{GENRES}"


def test_the_world_is_the_main_one_again_after_a_replay(client, sandbox):
    kept(client, by_prefix(sandbox))
    assert worlds.current_world() == worlds.MAIN_WORLD


def test_no_more_answers_are_kept_per_sandbox_than_the_limit(client, sandbox, monkeypatch):
    monkeypatch.setattr(kept_answers, "ANSWERS_KEPT_PER_SANDBOX", 2)
    kept(client, by_prefix(sandbox, "/api/genres"))
    kept(client, by_prefix(sandbox, "/API/genres"))
    by_prefix(sandbox, "/api/GENRES")(client)
    assert not replayed(by_prefix(sandbox, "/api/GENRES")(client))


def test_a_sandbox_beyond_the_worlds_limit_takes_the_first_ones_place(
    client, sandbox, other, monkeypatch
):
    monkeypatch.setattr(kept_answers, "WORLDS_KEPT", 2)
    kept(client, lambda c: c.get(GENRES))
    kept(client, by_prefix(sandbox))
    kept(client, by_prefix(other))
    assert set(kept_answers._answers) == {worlds.MAIN_SCHEMA, schema_of(other)}
    assert not replayed(by_prefix(sandbox)(client))


def test_a_kind_of_answer_beyond_the_limit_takes_the_place_of_the_others(
    client, sandbox, monkeypatch
):
    monkeypatch.setattr(sandbox_kept_answers, "KEYS_KEPT", 1)
    kept(client, by_prefix(sandbox, "/api/genres"))
    kept(client, by_prefix(sandbox, "/api/countries"))
    assert len(sandbox_kept_answers._keys) == 1
    assert not replayed(by_prefix(sandbox, "/api/genres")(client))
