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
- a list of fewer than REELFAKE_KEPT_ADDRESS_MIN_ITEMS items (100; a name that matches
  nothing too) is not kept: it costs a millisecond to read, and keeping every small city a
  client asks for would grow the process by the budget for little; at most
  REELFAKE_KEPT_ADDRESS_LISTS answers and REELFAKE_KEPT_ADDRESS_BYTES bytes of memory per
  process (least recently used out; either 0 turns this off), an answer counted as
  MEMORY_PER_RENDERED_BYTE times its rendered bytes (the bytes and their gzip: an answer is
  kept as its bytes only, not its items); an answer larger than the budget is answered, not
  kept. Off with a read replica, which may lag behind a notification.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from reelfake import reference
from reelfake.db import worlds
from reelfake.kept import KeptPerWorld
from reelfake.pagination import items_body
from reelfake.renderers import KeptBody, bytes_only

CHANNEL = "reelfake_address"
# City and country writes, and world fills with triggers off, notify the reference channel.
CHANNELS = (CHANNEL, reference.CHANNEL)
# Memory an answer holds per byte of its rendered body: the bytes and their gzip (New South
# Wales on the large seed: 0.70 MB rendered, 0.08 MB gzipped; its items as Python objects,
# no longer kept, took another 3.5 MB; docs/performance.md "Worker memory over a soak").
MEMORY_PER_RENDERED_BYTE = 2


def entry_bytes(rendered: bytes) -> int:
    """The memory a kept answer with this rendered body is counted as."""
    return len(rendered) * MEMORY_PER_RENDERED_BYTE


# (schema, route, name) -> (body, entry_bytes of it)
_kept = KeptPerWorld(
    CHANNELS,
    limit="REELFAKE_KEPT_ADDRESS_LISTS",
    budget="REELFAKE_KEPT_ADDRESS_BYTES",
    weigh=lambda entry: entry[1],
)


def _active() -> bool:
    return _kept.active()


def address_items_body(route: str, name: str, build: Callable[[], list]) -> dict:
    """The unpaginated body of `route` ("city" or "state") for `name`: kept, or built from
    `build()`'s items (and kept when it may be)."""
    if not _kept.usable():
        return items_body(build())
    key = (worlds.current_world().schema, route, name)
    entry, generation = _kept.find(key)
    if entry is not None:
        return entry[0]
    body = KeptBody(items_body(build()))
    if len(body["items"]) < max(1, settings.REELFAKE_KEPT_ADDRESS_MIN_ITEMS):
        return body
    # Kept as bytes only (its size, and the bytes every answer sends): its items as Python
    # objects took five times the memory of the bytes, and a worker's memory grew with every
    # big city a client asked for.
    bytes_only(body)
    _kept.keep(key, (body, entry_bytes(body.rendered)), generation)
    return body


def stop_listening() -> None:
    """Cancel this process's subscriptions and drop every kept answer (tests)."""
    _kept.stop()
