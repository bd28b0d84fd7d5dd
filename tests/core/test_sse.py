"""Streams that follow a table (reelfake/sse.py): heartbeats, the time limit, slots."""

import pytest
from django.test import RequestFactory

from reelfake.sse import PollingStream, StreamRefused, StreamSlot


@pytest.fixture
def fast(settings):
    settings.REELFAKE_SSE_POLL_MS = 10
    settings.REELFAKE_SSE_HEARTBEAT_SECONDS = 0
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 0.05
    settings.REELFAKE_SSE_RETRY_MS = 1000
    return settings


def slot():
    return StreamSlot(RequestFactory().get("/api/events"))


def test_silent_stream_sends_heartbeat_comments(fast):
    chunks = list(PollingStream(lambda after: [], after_id=0, slot=slot()))
    assert chunks[0] == "retry: 1000\n\n"
    assert ": keep-alive\n\n" in chunks
    assert chunks[-1].startswith('event: error\ndata: {"status":"error","message":"Stream time')


def test_stream_sends_rows_after_the_cursor_once(fast):
    rows = {1: {"n": 1}, 2: {"n": 2}}
    seen = []

    def poll(after):
        seen.append(after)
        return [(i, rows[i]) for i in sorted(rows) if i > after]

    chunks = list(PollingStream(poll, after_id=0, slot=slot()))
    assert chunks[1] == 'id: 1\ndata: {"n":1}\n\nid: 2\ndata: {"n":2}\n\n'
    assert set(seen[1:]) == {2}


def test_slots_per_client_are_counted_and_released(settings):
    settings.REELFAKE_SSE_MAX_STREAMS_PER_CLIENT = 1
    first = slot()
    with pytest.raises(StreamRefused):
        slot()
    first.release()
    first.release()  # idempotent
    slot().release()


def test_slots_per_process_are_bounded(settings):
    settings.REELFAKE_SSE_MAX_STREAMS = 1
    first = slot()
    other = RequestFactory().get("/api/events", REMOTE_ADDR="10.0.0.9")
    try:
        with pytest.raises(StreamRefused) as refused:
            StreamSlot(other)
    finally:
        first.release()
    assert "on this server process" in refused.value.message


def test_closing_a_stream_that_never_started_releases_its_slot(settings):
    settings.REELFAKE_SSE_MAX_STREAMS_PER_CLIENT = 1
    PollingStream(lambda after: [], after_id=0, slot=slot()).close()
    slot().release()
