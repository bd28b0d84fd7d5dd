"""The in-memory reference lists turned on for a test (reelfake/reference.py). Tests that use
it need `django_db(transaction=True)`: lists read inside a transaction are never kept."""

import threading
import time
import uuid

import pytest
from django.db import connection

from reelfake import reference
from reelfake.db.listener import process_listener


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


# A channel no store listens to: its marker drops nothing anywhere.
MARKER_CHANNEL = "reelfake_test_marker"


def arrived(channel: str | None = None, payload: str = "") -> None:
    """Sends `payload` on `channel` (if one is named), then a marker on a channel of its own,
    and waits until this process's listener has handed the marker out: every notification
    committed before it, on any channel the process listens to, has been handed to its
    subscribers too (PostgreSQL delivers one connection's notifications in commit order; the
    listener hands them out in the order they arrived).

    Waiting for a store's generation to move instead is not enough: any earlier notification
    still on its way moves it, and the awaited one may then arrive in the middle of the next
    request (whose answer is then not kept)."""
    marker = uuid.uuid4().hex
    listening, seen = threading.Event(), threading.Event()
    subscription = process_listener().subscribe(
        MARKER_CHANNEL,
        on_notify=lambda got: got == marker and seen.set(),
        on_state=lambda up: up and listening.set(),
    )
    try:
        assert listening.wait(10), "the marker channel not listened to in time"
        with connection.cursor() as cursor:
            if channel is not None:
                cursor.execute("SELECT pg_notify(%s, %s)", [channel, payload])
            cursor.execute("SELECT pg_notify(%s, %s)", [MARKER_CHANNEL, marker])
        assert seen.wait(10), "the marker did not arrive in time"
    finally:
        subscription.cancel()


@pytest.fixture
def reference_cache(settings):
    """This process's subscription, listened to; cancelled (and every list dropped) afterwards."""
    settings.REELFAKE_REFERENCE_CACHE = True
    reference.reference_kept()  # starts the listener
    wait_for(lambda: reference._kept.ready)
    yield reference._kept
    reference.stop_listening()
