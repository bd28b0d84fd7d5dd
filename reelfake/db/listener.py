"""One PostgreSQL LISTEN connection per process, shared by every feature that waits for a
NOTIFY (docs/performance.md "Reference lists", docs/toolkit.md "Live events").

A subscriber names a channel and two callbacks: `on_notify(payload)` for each notification on
that channel, and `on_state(up)`, called with True once its channel is listened to on a
connection (first connection or a reconnection) and with False when that connection is lost
or the subscription is cancelled. Between a False and the next True the subscriber has missed
notifications it cannot know about: it must not trust anything it keeps (the reference lists
are dropped, the event streams poll), and on True it looks once for what it missed.

ONE thread owns ONE connection to the primary (a replica delivers no notifications) and
LISTENs on the channels of every subscription. If the connection fails it warns once per
outage, tells every subscriber it is down, and tries again every RECONNECT_SECONDS. When the
last subscription is cancelled the thread closes its connection and ends; the next
subscription starts it again. Callbacks run in the listening thread under the listener's lock
(so a cancelled subscription never hears from it again): they must be short and must not
call back into the listener.

`reelfake/` imports no app: apps subscribe here (toolkit/wakeups.py, reelfake/reference.py).
"""

from __future__ import annotations

import logging
import os
import select
import threading
from collections.abc import Callable

import psycopg
from django.db import connections

logger = logging.getLogger("reelfake.listener")

RECONNECT_SECONDS = 1.0
# The longest the listening thread sleeps without looking at its connection (a new or
# cancelled subscription wakes it at once).
LISTEN_TIMEOUT_SECONDS = 5.0


def connect_primary() -> psycopg.Connection:
    """A connection of its own to the primary (a replica delivers no notifications)."""
    params = connections["default"].get_connection_params()
    return psycopg.connect(**params, autocommit=True)


def _quoted(channel: str) -> str:
    return '"' + channel.replace('"', '""') + '"'


class Subscription:
    def __init__(self, listener: Listener, channel: str, on_notify, on_state):
        self.listener = listener
        self.channel = channel
        self.on_notify: Callable[[str], None] = on_notify
        self.on_state: Callable[[bool], None] = on_state
        # The connection its channel is listened to on, while it is (guarded by the
        # listener's lock).
        self.connection: object | None = None

    def cancel(self) -> None:
        self.listener.unsubscribe(self)


class Listener:
    def __init__(self, connect: Callable[[], psycopg.Connection] = connect_primary):
        self._connect = connect
        self._lock = threading.Lock()
        self._subscriptions: list[Subscription] = []
        self._thread: threading.Thread | None = None
        # Set to cut a wait between reconnections short (a cancellation).
        self._retry_now = threading.Event()
        self._reported = False
        # The thread sleeps in select() on the connection and on this pipe, which a new or
        # cancelled subscription writes to.
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)
        self._fd: int | None = None
        self._draining = True
        self.backend_pid: int | None = None
        self.channels: frozenset[str] = frozenset()

    def subscribe(
        self,
        channel: str,
        *,
        on_notify: Callable[[str], None],
        on_state: Callable[[bool], None],
    ) -> Subscription:
        subscription = Subscription(self, channel, on_notify, on_state)
        with self._lock:
            self._subscriptions.append(subscription)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="reelfake-listener", daemon=True
                )
                self._thread.start()
        self._poke()
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        """Cancel `subscription` (its on_state(False) is its last callback); after the last
        one, wait until the thread has closed its connection."""
        with self._lock:
            if subscription not in self._subscriptions:
                return
            self._subscriptions.remove(subscription)
            subscription.connection = None
            subscription.on_state(False)
            thread = self._thread if not self._subscriptions else None
        self._poke()
        if thread is not None:
            self._retry_now.set()
            thread.join(timeout=10)

    @property
    def up(self) -> bool:
        return self.backend_pid is not None

    # The listening thread ---------------------------------------------------------------

    def _wanted(self) -> list[Subscription] | None:
        """The current subscriptions; None (and the thread forgotten) when there are none,
        or when a newer thread took over after this one saw none."""
        with self._lock:
            if self._thread is not threading.current_thread():
                return None
            if not self._subscriptions:
                self._thread = None
                return None
            return list(self._subscriptions)

    def _run(self) -> None:
        self._reported = False
        while True:
            self._retry_now.clear()
            if self._wanted() is None:
                return
            conn_seen: object | None = None
            try:
                with self._connect() as conn:
                    conn_seen = conn
                    self._serve(conn)
            except Exception:  # noqa: BLE001 - any failure: subscribers fall back, reconnect
                # Once per outage, not at every failed reconnection.
                if not self._reported:
                    self._reported = True
                    logger.warning(
                        "Database listener down; its subscribers fall back until it reconnects",
                        exc_info=True,
                    )
            finally:
                self.backend_pid = None
                self.channels = frozenset()
                with self._lock:
                    for subscription in self._subscriptions:
                        if conn_seen is not None and subscription.connection is conn_seen:
                            subscription.connection = None
                            subscription.on_state(False)
            if self._wanted() is None:
                return
            self._retry_now.wait(RECONNECT_SECONDS)

    def _serve(self, conn: psycopg.Connection) -> None:
        """Listen on `conn` until every subscription is cancelled (returns) or it fails."""
        self.backend_pid = conn.info.backend_pid
        listening: set[str] = set()
        try:
            while (subscriptions := self._wanted()) is not None:
                self._draining = True
                wanted = {subscription.channel for subscription in subscriptions}
                for channel in sorted(wanted - listening):
                    conn.execute(f"LISTEN {_quoted(channel)}")
                for channel in sorted(listening - wanted):
                    conn.execute(f"UNLISTEN {_quoted(channel)}")
                listening = wanted
                self.channels = frozenset(listening)
                self._reported = False  # listening again: the next failure is a new outage
                with self._lock:
                    for subscription in self._subscriptions:
                        if subscription.connection is None and subscription.channel in listening:
                            subscription.connection = conn
                            subscription.on_state(True)
                # What arrived meanwhile (kept by psycopg during a LISTEN, or in the socket).
                for notify in conn.notifies(timeout=0):
                    with self._lock:
                        for subscription in self._subscriptions:
                            if subscription.connection is conn and (
                                subscription.channel == notify.channel
                            ):
                                subscription.on_notify(notify.payload)
                self._fd = conn.fileno()
                self._draining = False
                # Until the server sends something, a subscription changes, or a while.
                ready, _, _ = select.select(
                    [self._fd, self._wake_read], [], [], LISTEN_TIMEOUT_SECONDS
                )
                if self._wake_read in ready:
                    self._drain_wake()
        finally:
            self._fd = None
            self._draining = True
        # Nothing left to listen for: the connection closes as _run leaves its `with`.

    def _drain_wake(self) -> None:
        try:
            while os.read(self._wake_read, 4096):
                pass
        except BlockingIOError:
            pass

    def _poke(self) -> None:
        try:
            os.write(self._wake_write, b"x")
        except BlockingIOError:  # the pipe is full: the thread is woken anyway
            pass

    # For subscribers ----------------------------------------------------------------------

    def pending(self) -> bool:
        """Whether a notification may have reached this process without having reached its
        subscribers yet: something unread on the connection, or the thread handing it out
        (or not listening at all). A subscriber that must be exact even against a commit
        that just returned to another process reads the database instead (sandboxes/
        routes.py)."""
        fd = self._fd
        if fd is None:
            return True
        # select(), not a kept poll object: request threads call this at once, and one poll
        # object polled by two threads raises RuntimeError (concurrent poll() invocation).
        try:
            readable, _, _ = select.select([fd], [], [], 0)
        except (OSError, ValueError):
            return True
        # The socket first: once read, the thread is draining until it has handed it out.
        return bool(readable) or self._draining


_process_lock = threading.Lock()
_process: Listener | None = None


def process_listener() -> Listener:
    """This process's one listener (started by its first subscription)."""
    global _process
    with _process_lock:
        if _process is None:
            _process = Listener()
        return _process
