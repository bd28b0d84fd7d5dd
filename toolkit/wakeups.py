"""Waking the live event streams of a process when their world's events table changes
(docs/toolkit.md "Live events").

The events table stays the truth (its ids are what Last-Event-ID resumes from); PostgreSQL
tells when to look at it: a statement trigger on toolkit_event sends NOTIFY on CHANNEL with
the schema (world) that changed (toolkit/migrations/0006_event_notify.py). This module
subscribes to CHANNEL on the process's one listening connection (reelfake/db/listener.py,
shared with the reference lists) and wakes the streams of that world. While that connection
is down (the database restarted, the connection was killed) the streams poll the table every
REELFAKE_SSE_POLL_MS as before, and the listener reconnects; on each (re)connection every
stream looks once, for what it may have missed meanwhile.

A stream keeps a stamp (listener epoch, world counter) of what it has already looked at, so
a notification that arrives while it is reading the table is not lost: its next wait
returns at once."""

from __future__ import annotations

import threading
import time

from django.conf import settings

from reelfake.db.listener import Listener, Subscription, process_listener

CHANNEL = "reelfake_events"
# Worlds (sandboxes come and go) whose counters are kept; beyond, all are forgotten and every
# stream looks once (a spurious look costs one query).
MAX_WORLDS = 10_000

Stamp = tuple[int, int]


class EventWakeups:
    """The streams' side of CHANNEL on `listener` (by default the process's one)."""

    def __init__(self, listener: Listener | None = None):
        self._listener = listener
        self._changed = threading.Condition()
        self._counters: dict[str, int] = {}
        self._epoch = 0
        self._up = False
        # Never held with _changed (the listener calls back under its own lock).
        self._subscribing = threading.Lock()
        self._subscription: Subscription | None = None
        self.waiting = 0

    # The subscription -------------------------------------------------------------------

    def start(self) -> EventWakeups:
        with self._subscribing:
            if self._subscription is None:
                listener = self._listener or process_listener()
                self._subscription = listener.subscribe(
                    CHANNEL, on_notify=self._bump, on_state=self._set_up
                )
        return self

    def stop(self) -> None:
        with self._subscribing:
            subscription, self._subscription = self._subscription, None
        if subscription is not None:
            subscription.cancel()

    @property
    def up(self) -> bool:
        return self._up

    @property
    def backend_pid(self) -> int | None:
        """The listening connection's backend while this subscription is up."""
        subscription = self._subscription
        if subscription is None or not self._up:
            return None
        return subscription.listener.backend_pid

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
