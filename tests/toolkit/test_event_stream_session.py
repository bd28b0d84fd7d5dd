"""An open /api/events stream follows its caller's session: after a logout, a password change
or reset, a deactivation or the token's expiry it stops delivering and ends with an `error`
event saying why (docs/toolkit.md "Streams")."""

import json

import pytest

from accounts.services import password_set
from people.models import Customer
from tests.factories import MovieFactory
from toolkit import views

pytestmark = pytest.mark.django_db

URL = "/api/events"


@pytest.fixture(autouse=True)
def checked_at_every_look(settings, monkeypatch):
    """Streams look for rows every 10 ms, re-check their caller at every look, and would end
    by their time limit after 2 s."""
    settings.REELFAKE_SSE_POLL_MS = 10
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 2
    monkeypatch.setattr(views, "SESSION_CHECK_SECONDS", 0, raising=False)


SESSION_ENDED = (
    "Session ended (logout, password change or reset, or account deactivated): log in "
    "again, then open a new stream"
)
TOKEN_EXPIRED = "Access token expired: refresh it (POST /api/auth/refresh), then open a new stream"


def open_stream(client):
    response = client.get(URL, {"lastEventId": 0})
    assert response.status_code == 200, response.content
    chunks = iter(response.streaming_content)
    assert next(chunks).startswith(b"retry: ")
    return chunks


def rest_of(chunks) -> list[tuple[str | None, dict]]:
    """The (event name, data) of every event still to come, until the stream ends."""
    found = []
    for block in b"".join(chunks).decode().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line)
        if "data" in lines:
            found.append((lines.get("event"), json.loads(lines["data"])))
    return found


def ended_with(message: str) -> tuple[str, dict]:
    return ("error", {"status": "error", "message": message})


def test_stream_ends_after_logout_without_delivering_later_events(customer_client):
    chunks = open_stream(customer_client)
    assert customer_client.get("/api/auth/logout").status_code == 200
    MovieFactory()
    assert rest_of(chunks) == [ended_with(SESSION_ENDED)]


def test_stream_ends_after_a_password_change(customer_client, customer):
    chunks = open_stream(customer_client)
    password_set(record=customer, password="An0ther-long-passphrase")
    assert rest_of(chunks) == [ended_with(SESSION_ENDED)]


def test_stream_ends_when_the_account_is_deactivated(customer_client, customer):
    chunks = open_stream(customer_client)
    Customer.objects.filter(id=customer.id).update(active=False)
    assert rest_of(chunks) == [ended_with(SESSION_ENDED)]


def test_stream_ends_when_its_access_token_expires(customer_client, monkeypatch):
    chunks = open_stream(customer_client)
    in_two_hours = views.time.time() + 7200
    monkeypatch.setattr(views.time, "time", lambda: in_two_hours)
    assert rest_of(chunks) == [ended_with(TOKEN_EXPIRED)]


def test_stream_of_a_session_still_valid_goes_on_delivering(customer_client):
    chunks = open_stream(customer_client)
    movie = MovieFactory()
    events = rest_of(chunks)
    assert [(name, data["ids"]) for name, data in events[:-1]] == [(None, {"movie": movie.id})]
    assert events[-1][1]["message"].startswith("Stream time limit reached")
