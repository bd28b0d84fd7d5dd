"""Live event streams wake on PostgreSQL NOTIFY through one listening connection per process,
per world, and fall back to polling while it is down (toolkit/wakeups.py, docs/toolkit.md
"Live events"). Notifications are sent at commit: these tests commit."""

import threading

import pytest
from django.db import connection

from reelfake.db import listener as listener_module
from reelfake.db.listener import Listener
from tests.factories import MovieFactory
from tests.live import wait_until
from toolkit import views, wakeups
from toolkit.wakeups import EventWakeups, StreamWaker, shared_wakeups, shared_wakeups_stop

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listener():
    started = EventWakeups().start()
    wait_until(lambda: started.up, what="the listener to connect")
    yield started
    started.stop()


def notify(world: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [wakeups.CHANNEL, world])


def test_an_event_committed_on_another_connection_wakes_that_worlds_waiters(listener):
    seen = listener.stamp("public")
    MovieFactory()
    stamp = listener.wait("public", seen, 30)
    assert stamp is not None and stamp != seen


def test_a_change_in_another_world_does_not_wake_this_one(listener):
    public, other = listener.stamp("public"), listener.stamp("sbx_other")
    notify("sbx_other")
    assert listener.wait("sbx_other", other, 30) != other
    assert listener.stamp("public") == public


def test_the_listener_reconnects_after_its_connection_is_killed(listener):
    killed = listener.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [killed])
    wait_until(
        lambda: listener.up and listener.backend_pid not in (None, killed),
        what="the listener to reconnect",
    )
    seen = listener.stamp("public")
    notify("public")
    assert listener.wait("public", seen, 30) != seen


def test_forgetting_the_worlds_wakes_every_waiter_once(listener, monkeypatch):
    monkeypatch.setattr(wakeups, "MAX_WORLDS", 1)
    seen = listener.stamp("sbx_first")
    notify("sbx_first")
    listener.wait("sbx_first", seen, 30)
    public = listener.stamp("public")
    seen = listener.stamp("sbx_second")
    notify("sbx_second")  # one world too many: every counter is forgotten
    listener.wait("sbx_second", seen, 30)
    assert listener.stamp("public") != public


def test_an_unreachable_database_leaves_the_listener_down_with_one_warning(monkeypatch, caplog):
    monkeypatch.setattr(listener_module, "RECONNECT_SECONDS", 0.01)
    attempts = []

    def unreachable():
        attempts.append(1)
        raise OSError("connection refused")

    down = EventWakeups(Listener(connect=unreachable)).start()
    try:
        wait_until(lambda: len(attempts) >= 3, what="three connection attempts")
    finally:
        down.stop()
    assert down.up is False
    assert down.wait("public", down.stamp("public"), 5) is None
    warnings = [r for r in caplog.records if r.name == "reelfake.listener"]
    assert [r.getMessage() for r in warnings] == [
        "Database listener down; its subscribers fall back until it reconnects"
    ]


def test_a_stream_polls_while_the_listener_is_down(settings, monkeypatch):
    settings.REELFAKE_SSE_POLL_MS = 250
    slept = []
    monkeypatch.setattr(wakeups.time, "sleep", slept.append)
    StreamWaker(EventWakeups(), "public")(5)  # never started: down
    StreamWaker(None, "public")(5)  # REELFAKE_EVENTS_LISTEN off
    assert slept == [0.25, 0.25]


def test_without_the_setting_there_is_no_listener(settings):
    settings.REELFAKE_EVENTS_LISTEN = False
    assert shared_wakeups() is None


@pytest.fixture
def process_listener(settings):
    settings.REELFAKE_EVENTS_LISTEN = True
    yield wait_until(
        lambda: (w := shared_wakeups()) is not None and w.up and w,
        what="the process's listener to connect",
    )
    shared_wakeups_stop()


def test_an_open_stream_receives_an_event_written_elsewhere_without_polling(
    process_listener, customer_client, settings, monkeypatch
):
    """Polling would look again after an hour: the stream's wait must end because the
    world changed (not by its time limit, 10 s, after which it looks once more)."""
    settings.REELFAKE_SSE_POLL_MS = 3_600_000
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 10
    monkeypatch.setattr(views, "SESSION_CHECK_SECONDS", 3600)
    waits = []
    real_wait = process_listener.wait

    def recorded_wait(world, seen, seconds):
        stamp = real_wait(world, seen, seconds)
        waits.append(stamp != seen)
        return stamp

    monkeypatch.setattr(process_listener, "wait", recorded_wait)
    response = customer_client.get("/api/events")
    assert response.status_code == 200
    chunks = iter(response.streaming_content)
    assert next(chunks).startswith(b"retry: ")

    def elsewhere():  # another connection, once the stream waits
        try:
            wait_until(lambda: process_listener.waiting > 0, what="the stream to wait")
            MovieFactory(title="Elsewhere")
        finally:
            connection.close()

    writer = threading.Thread(target=elsewhere)
    writer.start()
    chunk = next(chunks).decode()
    writer.join()
    assert '"type":"movie.created"' in chunk
    assert '"title":"Elsewhere"' in chunk
    assert waits == [True]  # woken by the notification
    response.close()
