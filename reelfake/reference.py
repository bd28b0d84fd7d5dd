"""Reference lists (genres, languages, countries, cities) kept in memory, per world, exact.

These tables change only when a world is seeded, reset or filled, never through the API, yet
every catalog client reads them. Each server process keeps the items it built, per world
(schema) and list, and drops them all when PostgreSQL says a reference table changed:
schema.sql's statement triggers `pg_notify('reelfake_reference', …)` on any INSERT, UPDATE,
DELETE or TRUNCATE, delivered to every listener when the writing transaction commits, and
reelfake/db/worlds.py notifies after filling a world with triggers off
(docs/performance.md "Reference lists").

One listener thread per process holds a connection that LISTENs on that channel. Until it
listens, and whenever its connection is lost, nothing is cached and every request reads the
database. A list read inside a transaction (a test, or a request that wrote) is not kept: it
may hold uncommitted rows. A list read while a notification arrives is not kept either
(the generation check), so a commit racing a read never leaves old items behind.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connection, connections

from reelfake.db import worlds
from reelfake.pagination import items_body
from reelfake.renderers import KeptBody

CHANNEL = "reelfake_reference"
RETRY_SECONDS = 1.0

logger = logging.getLogger(__name__)


class _Listener:
    def __init__(self):
        self.generation = 0
        self.ready = False
        self.entries: dict[tuple[str, str], object] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="reelfake-reference", daemon=True
                )
                self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join()
        self._thread = None
        self._stop.clear()

    def invalidate(self, *, ready: bool) -> None:
        with self._lock:
            self.generation += 1
            self.entries.clear()
            self.ready = ready

    def _run(self) -> None:
        while not self._stop.is_set():
            wrapper = connections.create_connection("default")
            try:
                wrapper.ensure_connection()
                raw = wrapper.connection
                raw.autocommit = True
                raw.execute(f"LISTEN {CHANNEL}")
                self.invalidate(ready=True)
                while not self._stop.is_set():
                    # A timeout, to see stop() within a second.
                    for _ in raw.notifies(timeout=1.0):
                        self.invalidate(ready=True)
            except Exception:  # the database went away: read through until it is back
                logger.warning("Reference list listener lost its connection", exc_info=True)
            finally:
                self.invalidate(ready=False)
                try:
                    wrapper.close()
                except Exception:
                    pass
            self._stop.wait(RETRY_SECONDS)


_listener = _Listener()


def reference_kept() -> bool:
    """Whether this process keeps reference lists now (its listener is connected)."""
    if _listener.ready:
        return True
    # Not with a read replica: a list read there after a notification may still be the old
    # one (docs/performance.md "Reference lists").
    if settings.REELFAKE_REFERENCE_CACHE and "replica" not in settings.DATABASES:
        _listener.start()
    return False


def reference_items(name: str, build: Callable[[], list]) -> list:
    """The items of reference list `name` in the current world: kept ones, or `build()`'s."""
    listener = _listener
    if not reference_kept():
        return build()
    key = (worlds.current_world().schema, name)
    items = listener.entries.get(key)
    if items is not None:
        return items
    generation = listener.generation
    items = build()
    if not connection.in_atomic_block:
        with listener._lock:
            if listener.ready and listener.generation == generation:
                listener.entries[key] = items
    return items


def stop_listening() -> None:
    """Stop this process's listener and drop every kept list (tests)."""
    _listener.stop()


def reference_body(name: str, build: Callable[[], list]) -> KeptBody:
    """The unpaginated list body of reference list `name` (reelfake/pagination.py), kept
    with its rendered bytes while lists are kept (reelfake/renderers.py)."""
    return reference_items(name, lambda: KeptBody(items_body(build())))
