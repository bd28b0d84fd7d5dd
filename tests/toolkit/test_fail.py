"""`fail=<status>[@<probability>]`, `fail=timeout` and X-Reelfake-Fail on any route
(docs/toolkit.md "Failures on demand")."""

import random
import threading
import time
import types

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

import reelfake.sleepers
from people.models import Customer
from tests.conftest import error
from toolkit.middleware import FailureMiddleware

pytestmark = pytest.mark.django_db

BAD_FAIL = (
    "Fail must be a status code from 400 to 599 or timeout, optionally followed by "
    "@<probability from 0 to 1>, e.g. fail=503 or fail=503@0.2"
)
REGISTER = {
    "firstName": "Nia",
    "lastName": "New",
    "email": "nianew1@example.com",
    "password": "longenough",
}


def test_fail_answers_that_status_with_the_standard_error_body(anon_client):
    response = anon_client.get("/api/genres?fail=500")
    assert response.status_code == 500
    assert response.json() == error("Injected failure (fail=500)")
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_injected_answer_names_the_injection_in_a_header(anon_client):
    response = anon_client.get("/api/genres?fail=418")
    assert response.status_code == 418
    assert response["X-Reelfake-Injected"] == "fail=418"


@pytest.mark.parametrize("status", [429, 503])
def test_injected_429_and_503_carry_retry_after(anon_client, status):
    response = anon_client.get(f"/api/genres?fail={status}")
    assert response.status_code == status
    assert response["Retry-After"] == "1"


def test_other_injected_statuses_carry_no_retry_after(anon_client):
    response = anon_client.get("/api/genres?fail=500")
    assert "Retry-After" not in response


def test_fail_header_works_like_the_query(anon_client):
    response = anon_client.get("/api/genres", headers={"X-Reelfake-Fail": "401"})
    assert response.status_code == 401
    assert response.json() == error("Injected failure (fail=401)")


def test_query_fail_wins_over_the_header(anon_client):
    response = anon_client.get("/api/genres?fail=502", headers={"X-Reelfake-Fail": "401"})
    assert response.status_code == 502
    assert response.json() == error("Injected failure (fail=502)")


def test_fail_applies_to_unknown_routes_too(anon_client):
    response = anon_client.get("/api/nope?fail=503")
    assert response.status_code == 503
    assert response.json() == error("Injected failure (fail=503)")


def test_fail_with_probability_fails_when_the_draw_is_below_it(anon_client, monkeypatch):
    monkeypatch.setattr(random, "random", lambda: 0.19)
    response = anon_client.get("/api/genres?fail=503@0.2")
    assert response.status_code == 503
    assert response.json() == error("Injected failure (fail=503)")


def test_fail_with_probability_passes_when_the_draw_is_above_it(anon_client, monkeypatch):
    monkeypatch.setattr(random, "random", lambda: 0.2)
    response = anon_client.get("/api/genres?fail=503@0.2")
    assert response.status_code == 200
    assert "X-Reelfake-Injected" not in response


def test_fail_with_probability_zero_never_fails(anon_client):
    response = anon_client.get("/api/genres?fail=500@0")
    assert response.status_code == 200
    assert "X-Reelfake-Injected" not in response
    assert response.json() == anon_client.get("/api/genres").json()


@pytest.mark.parametrize(
    "raw", ["", "abc", "399", "600", "50", "5030", "503@", "503@1.5", "503@-1", "503@x", "1e3"]
)
def test_bad_fail_values_answer_400(anon_client, raw):
    response = anon_client.get("/api/genres", {"fail": raw})
    assert response.status_code == 400
    assert response.json() == error(BAD_FAIL)


def test_bad_fail_header_answers_400(anon_client):
    response = anon_client.get("/api/genres", headers={"X-Reelfake-Fail": "soon"})
    assert response.status_code == 400
    assert response.json() == error(BAD_FAIL)


def test_repeated_fail_answers_400(anon_client):
    response = anon_client.get("/api/genres?fail=500&fail=503")
    assert response.status_code == 400
    assert response.json() == error("Fail query must be given once")


def test_injected_failure_writes_nothing(anon_client):
    response = anon_client.post("/api/customers/register?fail=503", REGISTER, format="json")
    assert response.status_code == 503
    assert Customer.objects.count() == 0
    assert "auth_token" not in response.cookies


def test_injected_timeout_writes_nothing(anon_client, sleeps):
    response = anon_client.post("/api/customers/register?fail=timeout", REGISTER, format="json")
    assert response.status_code == 504
    assert Customer.objects.count() == 0


def test_injected_failure_by_header_writes_nothing(anon_client):
    response = anon_client.post(
        "/api/customers/register", REGISTER, format="json", headers={"X-Reelfake-Fail": "500"}
    )
    assert response.status_code == 500
    assert Customer.objects.count() == 0


def test_passing_probability_lets_the_write_happen(anon_client):
    response = anon_client.post("/api/customers/register?fail=503@0", REGISTER, format="json")
    assert response.status_code == 201
    assert Customer.objects.count() == 1


def test_injected_failure_on_a_protected_route_skips_authentication(anon_client):
    response = anon_client.post("/api/movies?fail=500", {}, format="json")
    assert response.status_code == 500
    assert response.json() == error("Injected failure (fail=500)")


def test_injected_answer_carries_cors_headers_for_an_allowed_origin(anon_client):
    origin = "http://localhost:3000"
    response = anon_client.get("/api/genres?fail=503", headers={"Origin": origin})
    assert response.status_code == 503
    assert response["Access-Control-Allow-Origin"] == origin
    assert response["Access-Control-Allow-Credentials"] == "true"
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"retry-after", "x-reelfake-injected"} <= exposed


def test_foreign_origin_unsafe_request_is_refused_before_any_injection(anon_client):
    origin = "https://evil.example"
    response = anon_client.post(
        "/api/customers/register?fail=503", REGISTER, format="json", headers={"Origin": origin}
    )
    assert response.status_code == 403
    assert response.json() == error(f"Requests from origin {origin} are not allowed")


def test_preflight_allows_the_fail_header(anon_client):
    response = anon_client.options(
        "/api/genres",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-reelfake-fail",
        },
    )
    assert response.status_code == 204
    assert "x-reelfake-fail" in response["Access-Control-Allow-Headers"]


def test_fail_combines_with_delay_into_a_slow_failure(anon_client, sleeps):
    response = anon_client.get("/api/genres?delay=100&fail=503")
    assert response.status_code == 503
    assert response.json() == error("Injected failure (fail=503)")
    assert sleeps == [pytest.approx(0.1)]


def test_fail_timeout_holds_the_request_then_answers_504(anon_client, sleeps, settings):
    settings.REELFAKE_FAIL_TIMEOUT_SECONDS = 30
    response = anon_client.get("/api/genres?fail=timeout")
    assert response.status_code == 504
    assert response.json() == error("Injected failure (fail=timeout)")
    assert sleeps == [30]


def test_fail_timeout_with_delay_holds_for_the_delay_only(anon_client, sleeps):
    response = anon_client.get("/api/genres?fail=timeout&delay=2000")
    assert response.status_code == 504
    assert response.json() == error("Injected failure (fail=timeout)")
    assert sleeps == [pytest.approx(2.0)]


def test_fail_timeout_is_bounded_like_delay(monkeypatch, settings):
    """A second `fail=timeout` from the same client beyond the per-client bound is refused
    with 429 at once, as a second `delay` would be."""
    settings.REELFAKE_DELAY_MAX_SLEEPERS_PER_CLIENT = 1
    asleep, wake = threading.Semaphore(0), threading.Event()

    def held_sleep(seconds):
        asleep.release()
        wake.wait(10)

    monkeypatch.setattr(
        reelfake.sleepers, "time", types.SimpleNamespace(monotonic=time.monotonic, sleep=held_sleep)
    )
    middleware = FailureMiddleware(lambda request: HttpResponse("served"))
    request = RequestFactory().get("/api/genres?fail=timeout")
    first = threading.Thread(target=middleware, args=(request,))
    first.start()
    try:
        assert asleep.acquire(timeout=10)
        refused = middleware(RequestFactory().get("/api/genres?fail=timeout"))
    finally:
        wake.set()
        first.join(10)
    assert refused.status_code == 429
    assert refused["Retry-After"]
