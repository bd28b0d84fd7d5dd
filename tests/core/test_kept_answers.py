"""Kept answers: a plain request for a kept reference list gets the whole stack's last answer
replayed, and every other request runs the whole stack (reelfake/kept_answers.py,
docs/performance.md "Kept answers").

Each replayed answer is compared with a request made with REELFAKE_KEPT_ANSWERS off, the
whole stack's answer. A replayed answer is a plain HttpResponse; the stack's is DRF's
Response, which is how a test knows which one answered."""

import logging
import time

import pytest
from django.db import transaction
from django.test import RequestFactory

from reelfake import kept_answers, reference
from reelfake.kept_answers import main_world_without_toolkit
from sandboxes import services
from tests.conftest import error
from tests.factories import CityFactory, GenreFactory, MovieLanguageFactory
from tests.reference import arrived, reference_cache  # noqa: F401 (a fixture)
from tests.replay import replayed, whole_stack, wire
from toolkit.models import RequestRecord
from toolkit.selectors import inspector_allowed, standing_allowed

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_cache")]

PATHS = ["/api/genres", "/api/movie_languages", "/api/countries", "/api/cities"]
GENRES = "/api/genres"
# A sandbox key of the right form that names no sandbox.
UNKNOWN_KEY = "k" * 40


@pytest.fixture
def lists(reference_cache):  # noqa: F811
    """Each list long enough to be compressed (200 bytes), written in one transaction: one
    notification, after which what is read is kept."""
    with transaction.atomic():
        GenreFactory.create_batch(12)
        MovieLanguageFactory.create_batch(12)
        CityFactory.create_batch(12)  # and their 12 countries
    arrived()


def kept(client, path=GENRES, **headers):
    """The plain request answered by the stack (and kept), then replayed."""
    client.get(path, **headers)
    response = client.get(path, **headers)
    assert replayed(response)
    return response


@pytest.mark.parametrize("sandboxes", [False, True], ids=["no-sandboxes", "main-world"])
@pytest.mark.parametrize("encoding", [None, "gzip, deflate, br"], ids=["plain", "gzip"])
@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("path", PATHS)
def test_a_replayed_answer_is_the_whole_stacks_answer(
    anon_client, settings, lists, path, method, encoding, sandboxes
):
    settings.REELFAKE_SANDBOXES = sandboxes
    headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}

    def call():
        return getattr(anon_client, method)(path, **headers)

    expected = whole_stack(settings, call)
    call()  # the stack's, kept
    response = call()
    assert replayed(response)
    assert wire(response) == wire(expected)


@pytest.mark.parametrize("accept", ["*/*", "application/json"])
def test_a_replayed_answer_is_the_whole_stacks_answer_for_each_plain_accept(
    anon_client, settings, lists, accept
):
    expected = whole_stack(settings, lambda: anon_client.get(GENRES, HTTP_ACCEPT=accept))
    assert wire(kept(anon_client, HTTP_ACCEPT=accept)) == wire(expected)


def test_a_replayed_answer_over_https_is_the_whole_stacks_answer(anon_client, settings, lists):
    settings.SECURE_HSTS_SECONDS = 3600
    kept(anon_client)  # over plain HTTP: no HSTS
    expected = whole_stack(settings, lambda: anon_client.get(GENRES, secure=True))
    anon_client.get(GENRES, secure=True)
    response = anon_client.get(GENRES, secure=True)
    assert (replayed(response), wire(response)) == (True, wire(expected))


def test_a_cookie_other_than_the_auth_cookie_is_replayed(anon_client, settings, lists):
    anon_client.cookies["csrftoken"] = "abc"
    expected = whole_stack(settings, lambda: anon_client.get(GENRES))
    assert wire(kept(anon_client)) == wire(expected)


def test_a_replayed_request_is_logged_as_the_whole_stack_logs_it(
    anon_client, settings, lists, caplog
):
    def fields(record):
        return (record.method, record.path, record.status, record.user_id, record.role)

    with caplog.at_level(logging.INFO, logger="reelfake.request"):
        whole_stack(settings, lambda: anon_client.get(GENRES))
        response = kept(anon_client)
    first, _, last = [r for r in caplog.records if r.name == "reelfake.request"]
    assert (fields(last), last.request_id) == (fields(first), response["X-Request-ID"])


def test_nothing_is_replayed_with_kept_answers_off(anon_client, settings, lists):
    settings.REELFAKE_KEPT_ANSWERS = False
    anon_client.get(GENRES)
    assert not replayed(anon_client.get(GENRES))


def test_nothing_is_replayed_while_the_lists_are_not_kept(anon_client, settings, lists):
    reference.stop_listening()
    anon_client.get(GENRES)
    assert not replayed(anon_client.get(GENRES))


def test_a_new_genre_shows_in_the_next_answer_after_a_replay(anon_client, lists):
    kept(anon_client)
    GenreFactory(genre_name="Film Noir")
    arrived()
    names = [item["genreName"] for item in anon_client.get(GENRES).json()["items"]]
    assert names[-1] == "Film Noir"


def test_a_query_string_runs_the_whole_stack(anon_client, lists):
    kept(anon_client)
    response = anon_client.get(GENRES + "?fail=500")
    assert (response.status_code, response.json()) == (500, error("Injected failure (fail=500)"))


def test_a_delay_runs_the_whole_stack(anon_client, lists, monkeypatch):
    kept(anon_client)
    sleeps = []
    monkeypatch.setattr(time, "sleep", sleeps.append)
    anon_client.get(GENRES + "?delay=30")
    assert sleeps == [pytest.approx(0.03)]


def test_the_fail_header_runs_the_whole_stack(anon_client, lists):
    kept(anon_client)
    response = anon_client.get(GENRES, HTTP_X_REELFAKE_FAIL="503")
    assert (response.status_code, response["X-Reelfake-Injected"]) == (503, "fail=503")


def test_an_origin_gets_the_cors_headers_of_the_whole_stack(anon_client, lists):
    kept(anon_client)
    response = anon_client.get(GENRES, HTTP_ORIGIN="http://localhost:3000")
    allowed = response["Access-Control-Allow-Origin"], response["Access-Control-Allow-Credentials"]
    assert allowed == ("http://localhost:3000", "true")


def test_the_sandbox_header_runs_the_whole_stack(anon_client, settings, lists):
    settings.REELFAKE_SANDBOXES = True
    kept(anon_client)
    response = anon_client.get(GENRES, HTTP_X_REELFAKE_SANDBOX=UNKNOWN_KEY)
    assert (response.status_code, response.json()) == (404, error("Sandbox not found"))


def test_a_sandbox_path_runs_the_whole_stack(anon_client, settings, lists):
    settings.REELFAKE_SANDBOXES = True
    kept(anon_client)
    response = anon_client.get(f"/sandbox/{UNKNOWN_KEY}{GENRES}")
    assert (response.status_code, response.json()) == (404, error("Sandbox not found"))


@pytest.mark.parametrize("encoding", [None, "gzip"], ids=["plain", "gzip"])
@pytest.mark.parametrize("path", PATHS)
def test_a_replayed_304_is_the_whole_stacks_304(anon_client, settings, lists, path, encoding):
    headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}
    etag = kept(anon_client, path, **headers)["ETag"]

    def call():
        return anon_client.get(path, HTTP_IF_NONE_MATCH=etag, **headers)

    expected = whole_stack(settings, call)
    kept(anon_client, path, **headers)  # the setting's change dropped the kept answers
    call()  # the stack's 304, kept
    response = call()
    assert (replayed(response), wire(response)) == (True, wire(expected))
    assert response.status_code == 304


def test_an_if_none_match_naming_another_etag_gets_the_replayed_answer(
    anon_client, settings, lists
):
    expected = whole_stack(settings, lambda: anon_client.get(GENRES))
    kept(anon_client)
    response = anon_client.get(GENRES, HTTP_IF_NONE_MATCH='"other"')
    assert (replayed(response), wire(response)) == (True, wire(expected))


def test_a_head_with_if_none_match_gets_the_whole_stacks_200(anon_client, lists):
    etag = kept(anon_client)["ETag"]
    anon_client.head(GENRES)
    response = anon_client.head(GENRES, HTTP_IF_NONE_MATCH=etag)
    assert (replayed(response), response.status_code) == (False, 200)


def test_if_modified_since_runs_the_whole_stack(anon_client, lists):
    kept(anon_client)
    response = anon_client.get(GENRES, HTTP_IF_MODIFIED_SINCE="Sun, 06 Dec 2026 10:00:00 GMT")
    assert (replayed(response), response.status_code) == (False, 200)


def test_the_old_etag_after_a_new_genre_gets_the_new_list(anon_client, lists):
    etag = kept(anon_client)["ETag"]
    anon_client.get(GENRES, HTTP_IF_NONE_MATCH=etag)  # the stack's 304, kept
    GenreFactory(genre_name="Film Noir")
    arrived()
    response = anon_client.get(GENRES, HTTP_IF_NONE_MATCH=etag)
    assert response.json()["items"][-1]["genreName"] == "Film Noir"


def test_an_indent_asked_in_accept_is_rendered_by_the_whole_stack(anon_client, lists):
    kept(anon_client)
    response = anon_client.get(GENRES, HTTP_ACCEPT="application/json; indent=2")
    assert response.content.startswith(b'{\n  "items"')


def test_the_auth_cookie_gets_the_private_headers_of_the_whole_stack(anon_client, lists):
    kept(anon_client)
    anon_client.cookies["auth_token"] = "not-a-token"
    response = anon_client.get(GENRES)
    assert response["Cache-Control"] == "private, no-store"


def test_a_body_with_a_nul_gets_the_400_of_the_whole_stack(anon_client, lists):
    kept(anon_client)
    response = anon_client.generic(
        "GET", GENRES, '{"name": "\\u0000"}', content_type="application/json"
    )
    assert (response.status_code, response.json()) == (
        400,
        error("Text values cannot contain NUL characters"),
    )


def test_a_bad_host_gets_the_400_of_the_whole_stack(anon_client, lists):
    kept(anon_client)
    response = anon_client.get(GENRES, HTTP_HOST="evil.example")
    assert (response.status_code, response.json()) == (
        400,
        error("The Host header names no host this server answers for"),
    )


@pytest.fixture
def local_reset(settings):
    """A server without sandboxes that allows the local reset: the toolkit works in the main
    world."""
    settings.REELFAKE_SANDBOXES = False
    settings.REELFAKE_RESET = True


def test_the_inspector_records_every_request_of_its_world(anon_client, lists, local_reset):
    anon_client.get(GENRES)
    anon_client.get(GENRES)
    assert RequestRecord.objects.filter(path=GENRES).count() == 2


def test_a_standing_failure_answers_every_request_of_its_world(anon_client, lists, local_reset):
    settings_url = "/api/_toolkit/settings"
    anon_client.put(settings_url, {"failRate": 1, "failStatuses": [503]}, format="json")
    statuses = [anon_client.get(GENRES).status_code for _ in range(2)]
    assert statuses == [503, 503]


def test_a_standing_latency_holds_every_request_of_its_world(
    anon_client, lists, local_reset, monkeypatch
):
    anon_client.put("/api/_toolkit/settings", {"latency": "40"}, format="json")
    sleeps = []
    monkeypatch.setattr(time, "sleep", sleeps.append)
    anon_client.get(GENRES)
    anon_client.get(GENRES)
    assert sleeps == [pytest.approx(0.04), pytest.approx(0.04)]


@pytest.mark.parametrize("sandboxes", [False, True])
@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("reset", [False, True])
def test_the_main_world_is_replayed_exactly_where_the_toolkit_is_off(
    settings, sandboxes, debug, reset
):
    settings.REELFAKE_SANDBOXES, settings.DEBUG, settings.REELFAKE_RESET = sandboxes, debug, reset
    request = RequestFactory().get(GENRES)  # the main world: no sandbox
    toolkit_off = not standing_allowed(request) and not inspector_allowed(request)
    assert main_world_without_toolkit() is toolkit_off


def test_no_more_answers_are_kept_than_the_limit(anon_client, lists, monkeypatch):
    monkeypatch.setattr(kept_answers, "ANSWERS_KEPT", 2)
    kept(anon_client, "/api/genres")
    kept(anon_client, "/API/genres")
    anon_client.get("/api/GENRES")
    assert not replayed(anon_client.get("/api/GENRES"))


def test_a_replayed_request_on_a_sandbox_server_may_start_the_sandbox_maintenance(
    anon_client, settings, lists, monkeypatch
):
    settings.REELFAKE_SANDBOXES = True
    calls = []
    monkeypatch.setattr(services, "schedule_maintenance", lambda **kw: calls.append(kw))
    response = kept(anon_client)  # the stack's answer, then the replayed one
    assert (replayed(response), calls) == (True, [{"force": False}, {"force": False}])
