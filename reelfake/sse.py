"""Server-Sent Events streams that follow a table: the inspector's live requests and the live
events (docs/toolkit.md "Streams"). The upload tracking streams (uploads/streaming.py) write
the same wire format.

A stream holds one of the worker's threads, so every stream is bounded: it sends a comment
after REELFAKE_SSE_HEARTBEAT_SECONDS of silence (proxies close idle connections), ends after
REELFAKE_SSE_MAX_STREAM_SECONDS with an event saying so (EventSource reconnects after the
`retry:` it was given, with Last-Event-ID), and at most REELFAKE_SSE_MAX_STREAMS_PER_CLIENT
streams per client address and REELFAKE_SSE_MAX_STREAMS per process are open at once (429
with Retry-After beyond)."""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse

from reelfake.clients import client_address
from reelfake.exceptions import ApplicationError, error_body
from reelfake.ids import int_from_text

HEARTBEAT = ": keep-alive\n\n"
MSG_TOO_MANY_STREAMS = (
    "Stream limit reached: at most {limit} event streams may be open at once {scope}. Close "
    "one (EventSource.close()) or retry after {retry} s."
)
MSG_STREAM_ENDED = (
    "Stream time limit reached: one stream may last {limit} s. Reconnect (EventSource does it "
    "by itself) to continue after the last event received."
)


def sse_data(payload) -> str:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=str)


def sse_event(event_id: int | None, payload, event: str | None = None) -> str:
    """One event; without an id it leaves an EventSource's Last-Event-ID where it was."""
    lines = []
    if event_id is not None:
        lines.append(f"id: {event_id}")
    if event is not None:
        lines.append(f"event: {event}")
    lines.append(f"data: {sse_data(payload)}")
    return "\n".join(lines) + "\n\n"


MSG_BAD_LAST_EVENT_ID = "Last-Event-ID must be a whole number"


def last_event_id(request) -> int | None:
    """Last-Event-ID (EventSource's reconnect) or the `lastEventId` query parameter (a first
    connection that already has a page of records); None when absent. Anything but one
    whole number in ASCII digits is a 400, as on the upload streams."""
    values = request.GET.getlist("lastEventId")
    if len(values) > 1:
        raise ApplicationError(MSG_BAD_LAST_EVENT_ID)
    raw = request.headers.get("Last-Event-ID") or (values[0] if values else None)
    if raw is None or raw.strip() == "":
        return None
    value = int_from_text(raw.strip())
    if value is None:
        raise ApplicationError(MSG_BAD_LAST_EVENT_ID)
    return value


class StreamRefused(Exception):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after

    def response(self):
        response = JsonResponse(
            error_body(self.message), status=429, content_type="application/json; charset=utf-8"
        )
        response["Retry-After"] = str(self.retry_after)
        return response


_lock = threading.Lock()
_open: dict[str, int] = {}


class StreamSlot:
    """One open stream of one client, counted until `release()` (idempotent)."""

    def __init__(self, request):
        self.client = client_address(request)
        per_client = settings.REELFAKE_SSE_MAX_STREAMS_PER_CLIENT
        total = settings.REELFAKE_SSE_MAX_STREAMS
        retry = max(1, math.ceil(settings.REELFAKE_SSE_RETRY_MS / 1000))
        with _lock:
            if _open.get(self.client, 0) >= per_client:
                message = MSG_TOO_MANY_STREAMS.format(
                    limit=per_client, scope="from one client", retry=retry
                )
                raise StreamRefused(message, retry)
            if sum(_open.values()) >= total:
                message = MSG_TOO_MANY_STREAMS.format(
                    limit=total, scope="on this server process", retry=retry
                )
                raise StreamRefused(message, retry)
            _open[self.client] = _open.get(self.client, 0) + 1
        self.held = True

    def release(self) -> None:
        with _lock:
            if not self.held:
                return
            self.held = False
            left = _open.get(self.client, 1) - 1
            if left > 0:
                _open[self.client] = left
            else:
                _open.pop(self.client, None)


class PollingStream:
    """Follows a table: `poll(after_id)` returns the (id, payload) pairs after an id, oldest
    first; between looks it sleeps, or calls `wait` (which may return early: new rows). It may
    `check` its caller now and then, and ends when told why. Django closes it (and so frees
    its slot) when the response is closed, even if it never started."""

    def __init__(
        self,
        poll: Callable[[int], Iterable[tuple[int, dict]]],
        *,
        after_id: int,
        slot: StreamSlot,
        event: str | None = None,
        poll_seconds: float | None = None,
        check: Callable[[], str | None] | None = None,
        check_seconds: float = 5.0,
        wait: Callable[[float], None] | None = None,
    ):
        self.poll = poll
        self.after_id = after_id
        self.slot = slot
        self.event = event
        self.poll_seconds = poll_seconds or settings.REELFAKE_SSE_POLL_MS / 1000
        self.heartbeat = settings.REELFAKE_SSE_HEARTBEAT_SECONDS
        self.max_seconds = settings.REELFAKE_SSE_MAX_STREAM_SECONDS
        # `check()` names why the stream may no longer go on (the session ended), else None;
        # it runs every `check_seconds` (docs/toolkit.md "Streams").
        self.check = check
        self.check_seconds = check_seconds
        # `wait(seconds)` returns after at most that long, earlier when new rows may be there.
        self.wait = wait or time.sleep

    def __iter__(self) -> Iterator[str]:
        started = last_output = last_check = time.monotonic()
        deadline = started + self.max_seconds
        try:
            yield f"retry: {settings.REELFAKE_SSE_RETRY_MS}\n\n"
            while True:
                if self.check is not None and time.monotonic() - last_check >= self.check_seconds:
                    last_check = time.monotonic()
                    ended = self.check()
                    if ended is not None:
                        yield sse_event(None, error_body(ended), "error")
                        return
                rows = list(self.poll(self.after_id))
                now = time.monotonic()
                if rows:
                    yield "".join(sse_event(i, payload, self.event) for i, payload in rows)
                    self.after_id = rows[-1][0]
                    last_output = now
                elif now - last_output >= self.heartbeat:
                    yield HEARTBEAT
                    last_output = now
                if now >= deadline:
                    message = MSG_STREAM_ENDED.format(limit=self.max_seconds)
                    yield sse_event(None, error_body(message), "error")
                    return
                self.wait(min(self.poll_seconds, max(0.0, deadline - now)))
        finally:
            self.close()

    def close(self) -> None:
        self.slot.release()


def stream_response(stream: PollingStream) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    # nginx (deploy/nginx) must pass events on as they come.
    response["X-Accel-Buffering"] = "no"
    return response


def follow_response(
    request, poll, *, start: Callable[[], int], event: str | None = None, **stream_options
):
    """The stream of `poll`'s events after the client's last event id, or after `start()`
    (from now on) without one; 429 when the client may open no more streams.
    `stream_options` go to PollingStream (check, check_seconds, wait, poll_seconds)."""
    after = last_event_id(request)
    if after is None:
        after = start()
    try:
        slot = StreamSlot(request)
    except StreamRefused as refused:
        return refused.response()
    stream = PollingStream(poll, after_id=after, slot=slot, event=event, **stream_options)
    return stream_response(stream)
