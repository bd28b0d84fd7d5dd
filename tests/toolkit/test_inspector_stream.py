"""GET /api/_inspector/stream: new records as Server-Sent Events, resumable, bounded
(docs/toolkit.md "Request inspector", reelfake/sse.py)."""

import json

import pytest

from tests.conftest import error
from toolkit.models import RequestRecord

pytestmark = pytest.mark.django_db

URL = "/api/_inspector/stream"


@pytest.fixture
def short_streams(local_reset):
    """Streams end after their first look at the table."""
    local_reset.REELFAKE_SSE_MAX_STREAM_SECONDS = 0
    local_reset.REELFAKE_SSE_RETRY_MS = 2500
    return local_reset


def events(response) -> list[str]:
    text = b"".join(response.streaming_content).decode()
    return [block for block in text.split("\n\n") if block]


def record_ids(blocks) -> list[int]:
    return [
        int(line[4:]) for block in blocks for line in block.split("\n") if line.startswith("id: ")
    ]


def test_stream_sends_records_after_last_event_id(anon_client, short_streams):
    for n in range(3):
        anon_client.get(f"/api/genres?n={n}")
    first, second, third = RequestRecord.objects.order_by("id")
    response = anon_client.get(URL, headers={"Last-Event-ID": str(first.id)})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    blocks = events(response)
    assert blocks[0] == "retry: 2500"
    assert record_ids(blocks) == [second.id, third.id]
    request_event = blocks[1].split("\n")
    assert request_event[1] == "event: request"
    assert json.loads(request_event[2][6:])["path"] == "/api/genres?n=1"


def test_stream_without_last_event_id_starts_from_now(anon_client, short_streams):
    anon_client.get("/api/genres")
    blocks = events(anon_client.get(URL))
    assert record_ids(blocks) == []


def test_stream_ends_at_its_time_limit_with_an_event_without_id(anon_client, short_streams):
    blocks = events(anon_client.get(URL, {"lastEventId": 0}))
    last = blocks[-1].split("\n")
    assert last[0] == "event: error"
    assert json.loads(last[1][6:])["message"].startswith("Stream time limit reached")


def test_streams_per_client_are_bounded(anon_client, local_reset):
    local_reset.REELFAKE_SSE_MAX_STREAMS_PER_CLIENT = 1
    first = anon_client.get(URL)
    assert first.status_code == 200
    stream = first._iterator  # the test client's closing wrapper around the stream
    next(stream)  # opened: it holds its slot
    try:
        refused = anon_client.get(URL)
    finally:
        stream.close()
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert refused.json()["message"].startswith(
        "Stream limit reached: at most 1 event streams may be open at once from one client"
    )


def test_a_closed_stream_frees_its_slot(anon_client, short_streams):
    short_streams.REELFAKE_SSE_MAX_STREAMS_PER_CLIENT = 1
    events(anon_client.get(URL))
    again = anon_client.get(URL)
    assert again.status_code == 200
    events(again)


def test_stream_is_404_where_the_inspector_is_not_allowed(anon_client, settings):
    settings.REELFAKE_RESET = False
    settings.DEBUG = False
    response = anon_client.get(URL, headers={"Accept": "text/event-stream"})
    assert response.status_code == 404
    assert json.loads(response.content) == error(
        "The request inspector exists only in a sandbox, or on a server without sandboxes that "
        "allows the local reset (DEBUG or REELFAKE_RESET)"
    )
