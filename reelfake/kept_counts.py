"""Exact totals of filtered lists kept in memory, per world, dropped when their table changes.

A filtered page shows its exact total (`totalItems`), and counting every match is most of
what a name search costs on a large table: `/api/actors?name=%ann%` counts 5,988 of 200,000
actors in ~31 ms, where the page itself takes ~4 ms. The count grows with the table; the
page does not. So each server process keeps the totals it counted, per world (schema) and
count query (its SQL and parameters: every filter, `q` too; the order does not change a
count), and drops them all when PostgreSQL says a counted table changed (docs/performance.md
"Kept search totals"). The same rules as the reference lists (reelfake/reference.py):

- schema.sql's statement triggers on the counted tables `pg_notify('reelfake_counted_table',
  …)` on any INSERT, UPDATE, DELETE or TRUNCATE, delivered when the writing transaction
  commits; a world filled with triggers off says so on the reference lists' channel, which
  drops the totals too;
- until both channels are listened to on the process's listening connection
  (reelfake/db/listener.py), and whenever it is lost, nothing is kept and every request
  counts; on each (re)connection everything kept is dropped;
- inside a transaction nothing is kept or answered from memory (it may hold uncommitted rows);
  a total counted while a notification arrives is not kept (the generation check);
- at most REELFAKE_KEPT_COUNTS totals per process (least recently used out; 0 turns this
  off), each key at most MAX_KEY_CHARS long; off with a read replica, which may lag behind
  a notification.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet

from reelfake import reference
from reelfake.db import worlds
from reelfake.db.listener import Subscription, process_listener
from reelfake.pagination import ListPage

CHANNEL = "reelfake_counted_table"
# World fills copy tables with triggers off and notify this channel instead (worlds.py).
CHANNELS = (CHANNEL, reference.CHANNEL)
# A longer count query (a pattern of thousands of characters) is counted, never kept.
MAX_KEY_CHARS = 4096


class _Kept:
    def __init__(self):
        self.generation = 0
        self.ready = False
        self.entries: OrderedDict[tuple, int] = OrderedDict()
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
                        on_notify=lambda payload: self.invalidate(),
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
            if channel is not None:
                self._listened[channel] = listened
                self.ready = all(self._listened.get(c, False) for c in CHANNELS)


_kept = _Kept()


def _active() -> bool:
    if _kept.ready:
        return settings.REELFAKE_KEPT_COUNTS > 0
    if settings.REELFAKE_KEPT_COUNTS > 0 and "replica" not in settings.DATABASES:
        _kept.start()
    return False


def kept_count(queryset: QuerySet) -> int:
    """`queryset.count()` (a filtered list of one counted table: schema.sql's
    `reelfake_counted_table_changed` triggers), kept while this process listens."""
    kept = _kept
    if not _active() or connections[queryset.db].in_atomic_block:
        return queryset.count()
    sql, params = queryset.order_by().query.sql_with_params()
    key = (worlds.current_world().schema, queryset.db, sql, repr(params))
    with kept._lock:
        total = kept.entries.get(key)
        if total is not None:
            kept.entries.move_to_end(key)
            return total
        generation = kept.generation
    total = queryset.count()
    if len(sql) + len(key[3]) > MAX_KEY_CHARS:
        return total
    with kept._lock:
        if kept.ready and kept.generation == generation:
            kept.entries[key] = total
            while len(kept.entries) > settings.REELFAKE_KEPT_COUNTS:
                kept.entries.popitem(last=False)
    return total


def stop_listening() -> None:
    """Cancel this process's subscriptions and drop every kept total (tests)."""
    _kept.stop()


class KeptCountPage(ListPage):
    """A ListPage whose total comes from kept_count(): for filtered lists of a counted table."""

    def count(self) -> int:
        self.total = kept_count(self.keys)
        return self.total
