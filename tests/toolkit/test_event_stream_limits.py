"""/api/events holds a worker thread, so it is bounded like every stream: a `retry:` hint
first, heartbeat comments while silent, an end at its time limit, at most
REELFAKE_SSE_MAX_STREAMS_PER_CLIENT open per client (docs/toolkit.md "Streams"); a malformed
resume point is a 400."""

import json

import pytest

from tests.conftest import error

pytestmark = pytest.mark.django_db

URL = "/api/events"


@pytest.fixture
def quick(settings):
    settings.REELFAKE_SSE_POLL_MS = 10
    settings.REELFAKE_SSE_HEARTBEAT_SECONDS = 0
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 0.05
    settings.REELFAKE_SSE_RETRY_MS = 2500
    return settings


def chunks_of(response) -> list[str]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    return [chunk.decode() for chunk in response.streaming_content]


def test_stream_starts_with_a_retry_hint(customer_client, quick):
    assert chunks_of(customer_client.get(URL))[0] == "retry: 2500\n\n"


def test_silent_stream_sends_heartbeat_comments(customer_client, quick):
    assert ": keep-alive\n\n" in chunks_of(customer_client.get(URL))


def test_stream_ends_at_its_time_limit_with_an_error_event_without_id(customer_client, quick):
    last = chunks_of(customer_client.get(URL))[-1]
    name, data = last.strip().split("\n")
    assert name == "event: error"
    assert json.loads(data[len("data: ") :]) == error(
        "Stream time limit reached: one stream may last 0.05 s. Reconnect (EventSource does "
        "it by itself) to continue after the last event received."
    )


def test_a_client_beyond_its_open_streams_gets_429(customer_client, settings):
    settings.REELFAKE_SSE_MAX_STREAMS_PER_CLIENT = 1
    first = customer_client.get(URL)
    assert first.status_code == 200
    stream = first._iterator  # the test client's closing wrapper around the stream
    next(stream)  # opened: it holds its slot
    try:
        refused = customer_client.get(URL)
    finally:
        stream.close()
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3"
    assert refused.json() == error(
        "Stream limit reached: at most 1 event streams may be open at once from one client. "
        "Close one (EventSource.close()) or retry after 3 s."
    )


def test_a_closed_stream_frees_its_slot_for_the_next(customer_client, quick):
    quick.REELFAKE_SSE_MAX_STREAMS_PER_CLIENT = 1
    chunks_of(customer_client.get(URL))
    assert chunks_of(customer_client.get(URL))[0] == "retry: 2500\n\n"  # read: closed


@pytest.mark.parametrize("raw", ["abc", "-1", "1.5", "١٢"])
def test_a_malformed_last_event_id_answers_400(customer_client, raw):
    response = customer_client.get(URL, headers={"Last-Event-ID": raw})
    assert response.status_code == 400
    assert response.json() == error("Last-Event-ID must be a whole number")
