"""Address lists by city or state name kept in memory, per world, rendered once.

`GET /api/addresses/state/{state}` and `/city/{city}` are unpaginated: a big state answers
~5,000 rows (500 kB), and reading, shaping, rendering and hashing them is ~17 ms of CPU per
request, the same answer for every caller. Addresses change rarely (address writes go through
the stores, staff and customers services), so each server process keeps the answers it built,
per world (schema), route and name, with their rendered bytes, ETag and gzip
(reelfake/renderers.py KeptBody), and drops a world's answers when PostgreSQL says an address
in it changed (docs/performance.md "Kept address lists"). The same rules as the reference
lists (reelfake/reference.py):

- schema.sql's statement triggers on address `pg_notify('reelfake_address', schema)` on any
  INSERT, UPDATE, DELETE or TRUNCATE, delivered when the writing transaction commits; that
  world's answers are dropped (other worlds keep theirs). A change to city or country (the
  names an address shows) and a world filled with triggers off say so on the reference
  lists' channel, which drops that world's answers too;
- until both channels are listened to on the process's listening connection
  (reelfake/db/listener.py), and whenever it is lost, nothing is kept and every request reads
  the database; on each (re)connection everything kept is dropped;
- inside a transaction nothing is kept or answered from memory (it may hold uncommitted rows);
  an answer read while a notification arrives is not kept (the generation check);
- the key is the name as the view receives it: URL-decoded and lower-cased with the rest of
  the path (reelfake/middleware.py RoutingMiddleware), so `Sydney` and `SYDNEY` share one
  entry, and the query matches that same name;
- a name that matches nothing is not kept; at most REELFAKE_KEPT_ADDRESS_LISTS answers and
  REELFAKE_KEPT_ADDRESS_BYTES bytes of memory per process (least recently used out; either 0
  turns this off), an answer counted as MEMORY_PER_RENDERED_BYTE times its rendered bytes
  (its items as Python objects, the bytes, their gzip); an answer larger than the budget is
  answered, not kept. Off with a read replica, which may lag behind a notification.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.db import connection

from reelfake import reference
from reelfake.db import worlds
from reelfake.db.listener import Subscription, process_listener
from reelfake.pagination import items_body
from reelfake.renderers import JSONRenderer, KeptBody

CHANNEL = "reelfake_address"
# City and country writes, and world fills with triggers off, notify the reference channel.
CHANNELS = (CHANNEL, reference.CHANNEL)
# Memory an answer holds per byte of its rendered body: New South Wales on the large seed
# (5,007 addresses) renders 0.70 MB and its items, bytes and gzip take 4.3 MB (tracemalloc).
MEMORY_PER_RENDERED_BYTE = 6


def entry_bytes(rendered: bytes) -> int:
    """The memory a kept answer with this rendered body is counted as."""
    return len(rendered) * MEMORY_PER_RENDERED_BYTE


class _Kept:
    def __init__(self):
        self.generation = 0
        self.ready = False
        # (schema, route, name) -> (body, entry_bytes of it)
        self.entries: OrderedDict[tuple[str, str, str], tuple[KeptBody, int]] = OrderedDict()
        self.size = 0
        self._listened: dict[str, bool] = {}
        self._lock = threading.Lock()
        # Never held with _lock (the listener calls back under its own lock).
        self._subscribing = threading.Lock()
        self._subscriptions: list[Subscription] = []

    def start(self) -> None:
        with self._subscribing:
            if self._subscriptions:
                return
            listener = process_listener()
            for channel in CHANNELS:
                self._subscriptions.append(
                    listener.subscribe(
                        channel,
                        on_notify=self.forget_world,
                        on_state=lambda up, channel=channel: self.invalidate(channel, up),
                    )
                )

    def stop(self) -> None:
        with self._subscribing:
            subscriptions, self._subscriptions = self._subscriptions, []
        for subscription in subscriptions:
            subscription.cancel()  # calls invalidate(channel, False)

    def invalidate(self, channel: str | None = None, listened: bool = True) -> None:
        with self._lock:
            self.generation += 1
            self.entries.clear()
            self.size = 0
            if channel is not None:
                self._listened[channel] = listened
                self.ready = all(self._listened.get(c, False) for c in CHANNELS)

    def forget_world(self, schema: str) -> None:
        """A committed change in world `schema` (the notification's payload): its answers go."""
        with self._lock:
            self.generation += 1
            for key in [key for key in self.entries if key[0] == schema]:
                self.size -= self.entries.pop(key)[1]

    def keep(self, key: tuple[str, str, str], body: KeptBody, size: int, generation: int):
        with self._lock:
            if not self.ready or self.generation != generation:
                return
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self.entries[key] = (body, size)
            self.size += size
            while self.entries and (
                len(self.entries) > settings.REELFAKE_KEPT_ADDRESS_LISTS
                or self.size > settings.REELFAKE_KEPT_ADDRESS_BYTES
            ):
                self.size -= self.entries.popitem(last=False)[1][1]


_kept = _Kept()


def _active() -> bool:
    on = (
        settings.REELFAKE_KEPT_ADDRESS_LISTS > 0
        and settings.REELFAKE_KEPT_ADDRESS_BYTES > 0
        and "replica" not in settings.DATABASES
    )
    if _kept.ready:
        return bool(on)
    if on:
        _kept.start()
    return False


def address_items_body(route: str, name: str, build: Callable[[], list]) -> dict:
    """The unpaginated body of `route` ("city" or "state") for `name`: kept, or built from
    `build()`'s items (and kept when it may be)."""
    kept = _kept
    if not _active() or connection.in_atomic_block:
        return items_body(build())
    key = (worlds.current_world().schema, route, name)
    with kept._lock:
        entry = kept.entries.get(key)
        if entry is not None:
            kept.entries.move_to_end(key)
            return entry[0]
        generation = kept.generation
    body = KeptBody(items_body(build()))
    if not body["items"]:
        return body
    body.rendered = JSONRenderer().render(body)  # its size, and the bytes every answer sends
    size = entry_bytes(body.rendered)
    if size <= settings.REELFAKE_KEPT_ADDRESS_BYTES:
        kept.keep(key, body, size, generation)
    return body


def stop_listening() -> None:
    """Cancel this process's subscriptions and drop every kept answer (tests)."""
    _kept.stop()
