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

from django.db.models import QuerySet

from reelfake import reference
from reelfake.db import worlds
from reelfake.kept import KeptPerWorld
from reelfake.pagination import ListPage

CHANNEL = "reelfake_counted_table"
# World fills copy tables with triggers off and notify this channel instead (worlds.py).
CHANNELS = (CHANNEL, reference.CHANNEL)
# A longer count query (a pattern of thousands of characters) is counted, never kept.
MAX_KEY_CHARS = 4096

# Any notification drops every world's totals.
_kept = KeptPerWorld(CHANNELS, limit="REELFAKE_KEPT_COUNTS", per_world=False)


def _active() -> bool:
    return _kept.active()


def kept_count(queryset: QuerySet) -> int:
    """`queryset.count()` (a filtered list of one counted table: schema.sql's
    `reelfake_counted_table_changed` triggers), kept while this process listens."""
    if not _kept.usable(queryset.db):
        return queryset.count()
    sql, params = queryset.order_by().query.sql_with_params()
    key = (worlds.current_world().schema, queryset.db, sql, repr(params))
    if len(sql) + len(key[3]) > MAX_KEY_CHARS:
        return queryset.count()
    return _kept.answer(key, queryset.count)


def stop_listening() -> None:
    """Cancel this process's subscriptions and drop every kept total (tests)."""
    _kept.stop()


class KeptCountPage(ListPage):
    """A ListPage whose total comes from kept_count(): for filtered lists of a counted table."""

    def count(self) -> int:
        self.total = kept_count(self.keys)
        return self.total
