"""The `delay` query parameter: validated before routing, applied by sleeping."""

import pytest

import reelfake.middleware

pytestmark = pytest.mark.django_db

MESSAGE = {"status": "error", "message": "Delay query must be number less than 60000"}


@pytest.fixture
def sleeps(monkeypatch):
    calls = []
    monkeypatch.setattr(reelfake.middleware.time, "sleep", calls.append)
    return calls


@pytest.mark.parametrize(
    "raw, seconds",
    [("250", 0.25), (" 5 ", 0.005), ("1e3", 1.0), ("0x10", 0.016), ("60000", 60.0)],
)
def test_numeric_delay_holds_the_response_back(anon_client, sleeps, raw, seconds):
    response = anon_client.get("/api/genres", {"delay": raw})
    assert response.status_code == 200
    assert sleeps == [pytest.approx(seconds)]


@pytest.mark.parametrize("raw", ["", "0", "-5", "-Infinity"])
def test_empty_zero_or_negative_delay_is_accepted_without_sleeping(anon_client, sleeps, raw):
    response = anon_client.get("/api/genres", {"delay": raw})
    assert response.status_code == 200
    assert sleeps == []


@pytest.mark.parametrize("raw", ["abc", "60001", "Infinity", "1_000", "5ms", "nan"])
def test_invalid_delay_answers_400(anon_client, sleeps, raw):
    response = anon_client.get("/api/genres", {"delay": raw})
    assert response.status_code == 400
    assert response.json() == MESSAGE
    assert sleeps == []


def test_repeated_delay_answers_400(anon_client, sleeps):
    response = anon_client.get("/api/genres?delay=1&delay=2")
    assert response.status_code == 400
    assert response.json() == MESSAGE


def test_delay_is_validated_on_unknown_routes_too(anon_client, sleeps):
    response = anon_client.get("/api/nope?delay=abc")
    assert response.status_code == 400
    assert response.json() == MESSAGE


def test_delay_applies_to_unknown_routes_before_the_404(anon_client, sleeps):
    response = anon_client.get("/api/nope?delay=10")
    assert response.status_code == 404
    assert sleeps == [pytest.approx(0.01)]


def test_delay_error_has_json_utf8_content_type(anon_client, sleeps):
    response = anon_client.get("/api/genres?delay=x")
    assert response["Content-Type"] == "application/json; charset=utf-8"
