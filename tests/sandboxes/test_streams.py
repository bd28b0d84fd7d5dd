"""Open event streams of a sandbox that is deleted or reset end with an `error` event saying
so (docs/sandboxes.md "Event streams across a reset or delete")."""

import pytest
from rest_framework.test import APIClient

from sandboxes import services
from sandboxes.models import Sandbox
from tests.sandboxes.conftest import MOVIE, login, manager_login, prefix, schema_of
from tests.uploads.conftest import parse_sse

pytestmark = pytest.mark.django_db

DELETED = {
    "status": "error",
    "message": "This sandbox was deleted or has expired: the stream ends. Create a sandbox: "
    "POST /api/sandboxes",
}
RESET = {
    "status": "error",
    "message": "This sandbox was reset to its seeded data: the stream ends. Reconnect "
    "(EventSource does it by itself) to follow the new data; this event's id 0 makes it start "
    "from the first event after the reset.",
}


@pytest.fixture(autouse=True)
def quick_streams(settings):
    """A heartbeat on every look at the table, so that each piece of the body comes at once."""
    settings.REELFAKE_SSE_HEARTBEAT_SECONDS = 0
    settings.REELFAKE_SSE_POLL_MS = 10


def open_events(sandbox: dict):
    """The live events of `sandbox` for its demo customer, its `retry:` piece read."""
    response = login(APIClient(), sandbox).get(f"{prefix(sandbox)}/api/events")
    assert response.status_code == 200, response.content
    pieces = iter(response.streaming_content)
    assert next(pieces).startswith(b"retry:")
    return pieces


def sandbox_id(sandbox: dict) -> int:
    return Sandbox.objects.get(schema_name=schema_of(sandbox)).id


def rest_of(pieces) -> str:
    return b"".join(pieces).decode()


def test_stream_of_a_deleted_sandbox_ends_with_an_error_event(sandbox):
    pieces = open_events(sandbox)
    services.sandbox_delete(sandbox_id=sandbox_id(sandbox))
    stream = parse_sse(rest_of(pieces))
    assert stream.events == [(None, DELETED)]


def test_stream_of_an_expired_sandbox_ends_with_an_error_event(sandbox):
    pieces = open_events(sandbox)
    Sandbox.objects.filter(id=sandbox_id(sandbox)).update(expires_at="2000-01-01T00:00:00Z")
    assert parse_sse(rest_of(pieces)).events == [(None, DELETED)]


def test_stream_of_a_sandbox_reset_in_place_ends_with_a_reset_event_of_id_0(sandbox):
    pieces = open_events(sandbox)
    services.sandbox_reset(sandbox_id=sandbox_id(sandbox))
    assert parse_sse(rest_of(pieces)).events == [(0, RESET)]


def test_stream_of_a_sandbox_reset_from_the_pool_ends_with_a_reset_event_of_id_0(sandbox):
    services.pool_fill(size=1)
    pieces = open_events(sandbox)
    services.sandbox_reset(sandbox_id=sandbox_id(sandbox))
    assert parse_sse(rest_of(pieces)).events == [(0, RESET)]


def test_stream_sends_no_event_of_its_sandbox_after_a_reset(sandbox):
    pieces = open_events(sandbox)
    manager = manager_login(APIClient(), sandbox)
    services.sandbox_reset(sandbox_id=sandbox_id(sandbox))
    created = manager.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    assert created.status_code == 201, created.content
    assert parse_sse(rest_of(pieces)).events == [(0, RESET)]


def test_reconnect_after_a_reset_from_id_0_follows_the_new_data(sandbox):
    services.sandbox_reset(sandbox_id=sandbox_id(sandbox))
    manager = manager_login(APIClient(), sandbox)
    created = manager.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    assert created.status_code == 201, created.content
    response = login(APIClient(), sandbox).get(
        f"{prefix(sandbox)}/api/events", HTTP_LAST_EVENT_ID="0"
    )
    pieces = iter(response.streaming_content)
    next(pieces)
    first = parse_sse(next(pieces).decode())
    assert [data["type"] for data in first.data] == ["movie.created"]


def test_stream_of_an_untouched_sandbox_keeps_going(sandbox):
    pieces = open_events(sandbox)
    assert next(pieces) == b": keep-alive\n\n"
    assert next(pieces) == b": keep-alive\n\n"
