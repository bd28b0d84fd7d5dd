"""Which sandbox a key names, remembered per process and exact (docs/sandboxes.md "Routing
cache").

Entering a sandbox used to cost one query per request (selectors.sandbox_enter). Each server
process now keeps, per key, the sandbox's id, schema, resets and expiry as that query found
them, and enters a remembered sandbox by its schema alone (no query when the connection is
already on it). Staying exact:

- services.py sends `pg_notify('reelfake_sandboxes', <sandbox id>)` in every transaction that
  deletes, evicts, expires or resets a sandbox; every process hears it on its one listening
  connection (reelfake/db/listener.py) and forgets that sandbox;
- until that channel is listened to, whenever the connection is lost, and while a
  notification may have arrived without having been handed out yet (Listener.pending),
  nothing remembered is used: the request looks the key up in the database;
- a remembered sandbox is never used past its expiry (kept with it; touching it makes the
  expiry later, never earlier, so the remembered one is safe);
- a lookup that raced a notification, or ran inside a transaction, is not remembered.

Touching a sandbox ("last used", at most once a minute per process) stays the middleware's.

Entries are kept under the key itself, not its hash: the process holds the key anyway while
it serves the request, and hashing it cost every sandbox request a SHA-256 (docs/sandboxes.md
"Routing overhead, third pass"). The registry stores only the hash, as before.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connection

from reelfake import kept_pages
from reelfake.db import worlds
from reelfake.db.listener import Subscription, process_listener
from sandboxes import selectors
from sandboxes.selectors import Entered

CHANNEL = "reelfake_sandboxes"
# A key's form (docs/sandboxes.md "Addressing a sandbox"): anything else is not looked up.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
# A remembered route's changes_seen before its sandbox was looked at for the template's rows
# (the kept pages were not listening yet, or it was looked up inside a transaction).
UNCHECKED = -1
# Keys remembered at most; beyond, all are forgotten (a lookup each costs one query).
MAX_ROUTES = 10_000


def _now() -> float:
    """Seconds since the epoch (tests move it)."""
    return time.time()


class _Routes:
    def __init__(self):
        self.generation = 0
        self.ready = False
        self.entries: dict[str, Entered] = {}
        self._lock = threading.Lock()
        # Never held with _lock (the listener calls back under its own lock).
        self._subscribing = threading.Lock()
        self._subscription: Subscription | None = None

    def start(self) -> None:
        with self._subscribing:
            if self._subscription is None:
                self._subscription = process_listener().subscribe(
                    CHANNEL, on_notify=self.forget, on_state=self.invalidate
                )

    def stop(self) -> None:
        with self._subscribing:
            subscription, self._subscription = self._subscription, None
        if subscription is not None:
            subscription.cancel()  # calls invalidate(False)

    def invalidate(self, ready: bool) -> None:
        with self._lock:
            self.generation += 1
            self.entries.clear()
            self.ready = ready

    def forget(self, payload: str) -> None:
        with self._lock:
            self.generation += 1
            if not payload.isdigit():
                self.entries.clear()
                return
            sandbox_id = int(payload)
            for key, entry in list(self.entries.items()):
                if entry.id == sandbox_id:
                    del self.entries[key]


_routes = _Routes()
# This process's one listener, once looked up (process_listener() takes a lock each call).
_listener = None


def _process_listener():
    global _listener
    if _listener is None:
        _listener = process_listener()
    return _listener


def sandbox_route(key: str) -> Entered | None:
    """The live sandbox behind `key` with its schema on the connection's search path (as
    selectors.sandbox_enter), from memory when that is exact; None for a malformed key (no
    query made), an unknown or an expired one."""
    routes = _routes
    if not settings.SANDBOX_ROUTE_CACHE:
        return selectors.sandbox_enter(key) if KEY_PATTERN.match(key) else None
    if not routes.ready:
        if not KEY_PATTERN.match(key):
            return None
        routes.start()
        return selectors.sandbox_enter(key)
    # Pending first: once it says no, every notification received so far has been handed
    # out, so the entry read next reflects them.
    if not _process_listener().pending():
        # Only well-formed keys are remembered: a remembered one needs no look at its form.
        entry = routes.entries.get(key)
        if entry is not None and entry.expires_at is not None and _now() < entry.expires_seconds:
            if entry.copy_of is not None:
                if kept_pages.changed_since(entry.world):
                    entry = _copy_checked(key, entry)
            elif entry.changes_seen == UNCHECKED and kept_pages.listening():
                entry = _copy_checked(key, entry)
            worlds.activate(entry.world)
            return entry
    if not KEY_PATTERN.match(key):
        return None
    generation = routes.generation
    mark = kept_pages.changes_mark()
    entered = selectors.sandbox_enter(key)
    if entered is not None and entered.expires_at is not None and not connection.in_atomic_block:
        entered = _with_copy(entered, mark)
        with routes._lock:
            if routes.ready and routes.generation == generation:
                if len(routes.entries) >= MAX_ROUTES:
                    routes.entries.clear()
                routes.entries[key] = entered
    return entered


def _with_copy(entered: Entered, mark: int | None) -> Entered:
    """`entered` as a sandbox still holding the template's rows, when it does: its kept pages
    are then the template's while no notification names it (reelfake/kept_pages.py). `mark`
    was taken before the caller's lookup: a change committed after this query is a
    notification after the mark. A schema dropped meanwhile (a stale route) holds nothing."""
    if mark is None or connection.in_atomic_block:
        # Looked at again once the kept pages listen (outside a transaction).
        return dataclasses.replace(entered, copy_of=None, changes_seen=UNCHECKED)
    try:
        copy = worlds.pristine_source(entered.schema)
    except DatabaseError:
        copy = None
    return dataclasses.replace(entered, copy_of=copy, changes_seen=mark)


def _copy_checked(key: str, entry: Entered) -> Entered:
    """A remembered sandbox holding the template's rows was named by a notification since,
    or was not looked at yet: looked at (one query). The notification may have told of no
    change to its data set (its own copy's, arriving after its first request; a standing
    setting); once one was written, it is remembered so and never looked at again until
    forgotten (its reset)."""
    mark = kept_pages.changes_mark()
    if mark is None and entry.copy_of is None:
        return entry  # still unchecked (kept pages turned off meanwhile)
    checked = _with_copy(entry, mark)
    with _routes._lock:
        if _routes.entries.get(key) is entry:
            _routes.entries[key] = checked
    return checked


def sandbox_route_touched(key: str, entered: Entered, now) -> None:
    """The middleware recorded a use at `now`: the remembered entry says so too (its expiry
    stays the earlier one)."""
    with _routes._lock:
        if _routes.entries.get(key) is entered:
            _routes.entries[key] = dataclasses.replace(entered, last_used_at=now)


def stop_listening() -> None:
    """Cancel this process's subscription and forget every route (tests)."""
    _routes.stop()
