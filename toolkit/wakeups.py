"""Waking the live event streams of a process when their world's events table changes
(docs/toolkit.md "Live events").

The events table stays the truth (its ids are what Last-Event-ID resumes from); PostgreSQL
tells when to look at it: a statement trigger on toolkit_event sends NOTIFY on CHANNEL with
the schema (world) that changed (toolkit/migrations/0006_event_notify.py). ONE connection
per process LISTENs, in a thread of its own, and wakes the streams of that world. While it is
down (the database restarted, the connection was killed) the streams poll the table every
REELFAKE_SSE_POLL_MS as before, and it reconnects every RECONNECT_SECONDS; on each
(re)connection every stream looks once, for what it may have missed meanwhile.

A stream keeps a stamp (listener epoch, world counter) of what it has already looked at, so
a notification that arrives while it is reading the table is not lost: its next wait
returns at once."""

from __future__ import annotations

import logging
import threading
import time

import psycopg
from django.conf import settings
from django.db import connections

logger = logging.getLogger("reelfake.events")

CHANNEL = "reelfake_events"
RECONNECT_SECONDS = 1.0
# How often the listening thread looks at its stop flag while no notification comes.
LISTEN_TIMEOUT_SECONDS = 1.0
# Worlds (sandboxes come and go) whose counters are kept; beyond, all are forgotten and every
# stream looks once (a spurious look costs one query).
MAX_WORLDS = 10_000

Stamp = tuple[int, int]


def _connect_primary() -> psycopg.Connection:
    """A connection of its own to the primary (a replica delivers no notifications)."""
    params = connections["default"].get_connection_params()
    return psycopg.connect(**params, autocommit=True)


class EventWakeups:
    def __init__(self, connect=_connect_primary):
        self._connect = connect
        self._changed = threading.Condition()
        self._counters: dict[str, int] = {}
        self._epoch = 0
        self._up = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.backend_pid: int | None = None
        self.waiting = 0
        self._reported = False

    # The listening thread ---------------------------------------------------------------

    def start(self) -> EventWakeups:
        with self._changed:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(
                    target=self._run, name="reelfake-event-listener", daemon=True
                )
                self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=10)

    @property
    def up(self) -> bool:
        return self._up

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with self._connect() as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.backend_pid = conn.info.backend_pid
                    self._reported = False
                    self._set_up(True)
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=LISTEN_TIMEOUT_SECONDS):
                            self._bump(notify.payload)
            except Exception:  # noqa: BLE001 - any failure: fall back to polling, reconnect
                # Once per outage, not at every failed reconnection.
                if not self._reported and not self._stop.is_set():
                    self._reported = True
                    logger.warning(
                        "Event listener down; streams poll until it reconnects", exc_info=True
                    )
            finally:
                self.backend_pid = None
                self._set_up(False)
            self._stop.wait(RECONNECT_SECONDS)

    def _set_up(self, up: bool) -> None:
        with self._changed:
            self._up = up
            # Every stream looks once: notifications may have been missed while down.
            self._epoch += 1
            self._changed.notify_all()

    def _bump(self, world: str) -> None:
        with self._changed:
            if world not in self._counters and len(self._counters) >= MAX_WORLDS:
                self._counters.clear()
                self._epoch += 1
            self._counters[world] = self._counters.get(world, 0) + 1
            self._changed.notify_all()

    # The streams' side ------------------------------------------------------------------

    def stamp(self, world: str) -> Stamp:
        with self._changed:
            return (self._epoch, self._counters.get(world, 0))

    def wait(self, world: str, seen: Stamp, seconds: float) -> Stamp | None:
        """Wait until `world` changed since `seen`, for at most `seconds`; the new stamp, or
        None at once when the listener is down (the caller polls)."""

        def changed() -> bool:
            return not self._up or (self._epoch, self._counters.get(world, 0)) != seen

        with self._changed:
            if not self._up:
                return None
            self.waiting += 1
            try:
                self._changed.wait_for(changed, timeout=seconds)
            finally:
                self.waiting -= 1
            if not self._up:
                return None
            return (self._epoch, self._counters.get(world, 0))


class StreamWaker:
    """PollingStream's `wait` for one stream of one world: woken by the listener, or a
    plain sleep of at most REELFAKE_SSE_POLL_MS while there is none."""

    def __init__(self, wakeups: EventWakeups | None, world: str):
        self.wakeups = wakeups
        self.world = world
        self.seen = wakeups.stamp(world) if wakeups is not None else (0, 0)

    def __call__(self, seconds: float) -> None:
        stamp = None
        if self.wakeups is not None:
            stamp = self.wakeups.wait(self.world, self.seen, seconds)
        if stamp is None:
            time.sleep(min(seconds, settings.REELFAKE_SSE_POLL_MS / 1000))
        else:
            self.seen = stamp


_shared_lock = threading.Lock()
_shared: EventWakeups | None = None


def shared_wakeups() -> EventWakeups | None:
    """This process's listener, started by the first stream; None where
    REELFAKE_EVENTS_LISTEN is off (the streams poll)."""
    global _shared
    if not settings.REELFAKE_EVENTS_LISTEN:
        return None
    with _shared_lock:
        if _shared is None:
            _shared = EventWakeups()
        return _shared.start()


def shared_wakeups_stop() -> None:
    """Stop this process's listener (tests: before the test database is dropped)."""
    global _shared
    with _shared_lock:
        wakeups, _shared = _shared, None
    if wakeups is not None:
        wakeups.stop()
