"""One listening connection per process, shared by the reference lists and the live event
streams (reelfake/db/listener.py, docs/performance.md "Reference lists", docs/toolkit.md
"Live events"). Notifications are sent at commit: these tests commit."""

import threading

import pytest
from django.db import connection

from reelfake import reference
from reelfake.db import listener as listener_module
from reelfake.db.listener import process_listener
from tests.factories import GenreFactory
from tests.live import wait_until
from tests.reference import reference_cache  # noqa: F401 (a fixture)
from toolkit import wakeups
from toolkit.wakeups import shared_wakeups, shared_wakeups_stop

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def events_listen(settings):
    settings.REELFAKE_EVENTS_LISTEN = True
    yield wait_until(
        lambda: (w := shared_wakeups()) is not None and w.up and w,
        what="the event streams' subscription to be listened to",
    )
    shared_wakeups_stop()


def notify(channel: str, payload: str = "") -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [channel, payload])


def listening_backends() -> list[int]:
    """Backends of this database whose last statement was a LISTEN."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND query ILIKE 'LISTEN%%' ORDER BY pid"
        )
        return [pid for (pid,) in cursor.fetchall()]


@pytest.mark.usefixtures("reference_cache")
def test_with_both_features_on_a_process_holds_one_listening_connection(events_listen):
    listener = process_listener()
    assert listener.channels == {wakeups.CHANNEL, reference.CHANNEL}
    assert events_listen.backend_pid == listener.backend_pid
    assert listening_backends() == [listener.backend_pid]


def test_a_reference_notification_reaches_the_reference_lists_only(
    reference_cache,  # noqa: F811 (the fixture)
    events_listen,
):
    public, blank = events_listen.stamp("public"), events_listen.stamp("")
    seen_barrier = events_listen.stamp("barrier")
    generation = reference_cache.generation
    notify(reference.CHANNEL)
    # Notifications arrive in commit order: once the barrier is in, so is the first one.
    notify(wakeups.CHANNEL, "barrier")
    assert events_listen.wait("barrier", seen_barrier, 30) != seen_barrier
    assert reference_cache.generation == generation + 1
    assert (events_listen.stamp("public"), events_listen.stamp("")) == (public, blank)


def test_an_event_notification_reaches_the_event_streams_only(
    reference_cache,  # noqa: F811 (the fixture)
    events_listen,
):
    public = events_listen.stamp("public")
    generation = reference_cache.generation
    notify(wakeups.CHANNEL, "public")
    # Notifications arrive in commit order: once this one is in, so is the first one.
    notify(reference.CHANNEL)
    wait_until(lambda: reference_cache.generation != generation, what="the reference drop")
    assert reference_cache.generation == generation + 1
    assert events_listen.stamp("public") != public


def test_lists_kept_before_a_lost_connection_are_dropped_on_reconnection(
    reference_cache,  # noqa: F811 (the fixture)
    anon_client,
):
    generation = reference_cache.generation
    GenreFactory(genre_name="Drama")
    wait_until(lambda: reference_cache.generation != generation, what="its notification")
    anon_client.get("/api/genres")
    assert reference_cache.entries != {}
    killed = process_listener().backend_pid
    notify_kill(killed)
    wait_until(
        lambda: process_listener().backend_pid not in (None, killed) and reference_cache.ready,
        what="the listener to reconnect",
    )
    assert reference_cache.entries == {}


def test_nothing_is_kept_while_the_listener_is_down(
    reference_cache,  # noqa: F811 (the fixture)
    anon_client,
    monkeypatch,
):
    monkeypatch.setattr(listener_module, "RECONNECT_SECONDS", 60)
    GenreFactory(genre_name="Drama")
    notify_kill(process_listener().backend_pid)
    wait_until(lambda: not reference_cache.ready, what="the listener to notice")
    assert anon_client.get("/api/genres").json()["length"] == 1
    assert reference_cache.entries == {}


def notify_kill(pid: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_the_listener_closes_its_connection_after_its_last_subscription(
    reference_cache,  # noqa: F811 (the fixture)
):
    pid = process_listener().backend_pid
    reference.stop_listening()
    assert process_listener().backend_pid is None
    wait_until(lambda: pid not in backends(), what="its backend to end")


def backends() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity")
        return [pid for (pid,) in cursor.fetchall()]


def test_a_listener_that_is_not_listening_may_have_anything_pending():
    assert listener_module.Listener().pending() is True


def test_request_threads_may_ask_what_is_pending_at_once(
    reference_cache,  # noqa: F811 (the fixture)
):
    """Every sandbox request of a worker's threads asks (sandboxes/routes.py); none may fail."""
    listener = process_listener()
    wait_until(lambda: not listener.pending(), what="the listener to sleep")
    failures = []

    def ask() -> None:
        try:
            for _ in range(20000):
                listener.pending()
        except Exception as error:  # noqa: BLE001 (the failure is the finding)
            failures.append(repr(error))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_a_notification_not_yet_handed_out_is_pending(
    reference_cache,  # noqa: F811 (the fixture)
):
    listener = process_listener()
    wait_until(lambda: not listener.pending(), what="the listener to sleep")
    generation = reference_cache.generation
    with listener._lock:  # the thread cannot hand it out
        notify(reference.CHANNEL)
        wait_until(listener.pending, what="the notification to arrive")
        assert reference_cache.generation == generation
    wait_until(lambda: not listener.pending(), what="the notification to be handed out")
    assert reference_cache.generation == generation + 1
