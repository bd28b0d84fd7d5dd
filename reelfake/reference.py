"""Reference lists (genres, languages, countries, cities) kept in memory, per world, exact.

These tables change only when a world is seeded, reset or filled, never through the API, yet
every catalog client reads them. Each server process keeps the items it built, per world
(schema) and list, and drops them all when PostgreSQL says a reference table changed:
schema.sql's statement triggers `pg_notify('reelfake_reference', …)` on any INSERT, UPDATE,
DELETE or TRUNCATE, delivered to every listener when the writing transaction commits, and
reelfake/db/worlds.py notifies after filling a world with triggers off
(docs/performance.md "Reference lists").

This module subscribes to that channel on the process's one listening connection
(reelfake/db/listener.py, shared with the live event streams). Until its channel is listened
to, and whenever that connection is lost, nothing is kept and every request reads the
database; on each (re)connection every kept list is dropped, for the changes missed
meanwhile. A notification drops the lists of the world its payload names (every world's when
it names none), so a sandbox's reset or standing settings leave the other worlds' lists, and
their kept answers (reelfake/kept_answers.py), in place. At most WORLDS_KEPT worlds keep
lists; a new one beyond drops the first sandbox kept. A list read inside a transaction (a test,
or a request that wrote) is not kept: it may hold uncommitted rows. A list read while any
notification arrives is not kept either (the generation check), so a commit racing a read
never leaves old items behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connection

from reelfake.db import worlds
from reelfake.db.listener import Subscription, process_listener
from reelfake.pagination import items_body
from reelfake.renderers import KeptBody

CHANNEL = "reelfake_reference"
# Worlds whose lists are kept at once (the main world and SANDBOX_MAX live sandboxes by
# default; a reset from the pool leaves its old schema's lists behind until they go first).
# Beyond, a new world takes the place of the first sandbox kept.
WORLDS_KEPT = 256


class _Kept:
    def __init__(self):
        self.generation = 0
        self.ready = False
        self.entries: dict[tuple[str, str], object] = {}
        # The worlds with a kept list, first kept first.
        self.worlds: dict[str, None] = {}
        self._lock = threading.Lock()
        # Never held with _lock (the listener calls back under its own lock).
        self._subscribing = threading.Lock()
        self._subscription: Subscription | None = None

    def start(self) -> None:
        with self._subscribing:
            if self._subscription is None:
                self._subscription = process_listener().subscribe(
                    CHANNEL,
                    on_notify=lambda payload: self.invalidate(ready=True, schema=payload or None),
                    on_state=lambda up: self.invalidate(ready=up),
                )

    def stop(self) -> None:
        with self._subscribing:
            subscription, self._subscription = self._subscription, None
        if subscription is not None:
            subscription.cancel()  # calls invalidate(ready=False)

    def invalidate(self, *, ready: bool, schema: str | None = None) -> None:
        """Drop the lists of world `schema` (every world's when None). Any call makes a list
        read in flight unkeepable, whatever its world."""
        with self._lock:
            self.generation += 1
            self.ready = ready
            if schema is None or not ready:
                self.entries.clear()
                self.worlds.clear()
            elif schema in self.worlds:
                del self.worlds[schema]
                self._drop_world(schema)

    def _drop_world(self, schema: str) -> None:
        for key in [key for key in self.entries if key[0] == schema]:
            del self.entries[key]

    def keep(self, key: tuple[str, str], items, generation: int) -> None:
        with self._lock:
            if not self.ready or self.generation != generation:
                return
            schema = key[0]
            if schema not in self.worlds:
                if len(self.worlds) >= WORLDS_KEPT:
                    first = next(w for w in self.worlds if w != worlds.MAIN_SCHEMA)
                    del self.worlds[first]
                    self._drop_world(first)
                self.worlds[schema] = None
            self.entries[key] = items


_kept = _Kept()


def reference_kept() -> bool:
    """Whether this process keeps reference lists now (its channel is listened to)."""
    if _kept.ready:
        return True
    # Not with a read replica: a list read there after a notification may still be the old
    # one (docs/performance.md "Reference lists").
    if settings.REELFAKE_REFERENCE_CACHE and "replica" not in settings.DATABASES:
        _kept.start()
    return False


def reference_items(name: str, build: Callable[[], list]) -> list:
    """The items of reference list `name` in the current world: kept ones, or `build()`'s."""
    kept = _kept
    if not reference_kept():
        return build()
    key = (worlds.current_world().schema, name)
    items = kept.entries.get(key)
    if items is not None:
        return items
    generation = kept.generation
    items = build()
    if not connection.in_atomic_block:
        kept.keep(key, items, generation)
    return items


def reference_kept_key(value: object, schema: str) -> tuple[str, str] | None:
    """The key under which this very object (a list's items, or body) is kept now in world
    `schema`; None when it is not kept (read in a transaction, or dropped since it was read)."""
    kept = _kept
    with kept._lock:
        if kept.ready:
            for key, entry in kept.entries.items():
                if entry is value and key[0] == schema:
                    return key
    return None


def reference_still_kept(key: tuple[str, str], value: object) -> bool:
    """Whether `value` is still the list kept under `key` (reference_kept_key()): false once
    its world's lists were dropped, even if a list of the same items was kept again since."""
    kept = _kept
    return kept.ready and kept.entries.get(key) is value


def reference_forget(schema: str | None = None) -> None:
    """Drop the lists this process keeps for world `schema` (every world's when None), now:
    after a write whose notification reaches this process a moment later (a read started
    before is not kept either)."""
    _kept.invalidate(ready=_kept.ready, schema=schema)


def stop_listening() -> None:
    """Cancel this process's subscription and drop every kept list (tests)."""
    _kept.stop()


def reference_body(name: str, build: Callable[[], list]) -> KeptBody:
    """The unpaginated list body of reference list `name` (reelfake/pagination.py), kept
    with its rendered bytes while lists are kept (reelfake/renderers.py)."""
    return reference_items(name, lambda: KeptBody(items_body(build())))
