"""One way of keeping answers in process memory per world, dropped on a PostgreSQL NOTIFY
(docs/performance.md "Kept per world: one mechanism").

KeptPerWorld is the store behind the kept search totals (reelfake/kept_counts.py), the kept
list pages and movie details (reelfake/kept_pages.py) and the kept address lists
(places/kept.py). Its rules:

- it keeps nothing until every one of its channels is listened to on the process's listening
  connection (reelfake/db/listener.py), nor while that connection is lost; on each
  (re)connection everything kept is dropped;
- a notification drops the answers of the world its payload names (every world's with
  `per_world=False`, or when the payload is empty);
- a caller reads nothing from memory, and keeps nothing, inside a transaction (it may hold
  uncommitted rows), nor with a read replica (it may lag behind a notification);
- an answer built while any notification arrives is not kept (the generation check);
- at most the `limit` setting's count of answers (and, with `budget`, that setting's bytes as
  `weigh` counts them) per process, least recently used out; with `world_limit`, at most that
  setting's count per world too (the world's least recently used out, the others' kept); a
  setting at 0 turns it off.

It also tells which worlds changed since a moment (changed_since()): the generation at each
world's last notification. A sandbox whose rows are still those of the copy it came from
keeps its pages under that copy's name until its first change (reelfake/kept_pages.py).

A kept response body is kept as its bytes only (reelfake/renderers.py bytes_only(), called by
kept_pages.py and places/kept.py before keeping): its items as Python objects took several
times the memory of its bytes (docs/performance.md "Worker memory over a soak").
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.db import connections

from reelfake.db.listener import Subscription, process_listener

# Worlds whose last change is remembered at most; beyond, every world counts as changed.
CHANGED_WORLDS_MAX = 100_000


class KeptPerWorld:
    """Answers keyed by tuples whose first item is the world's schema."""

    def __init__(
        self,
        channels: tuple[str, ...],
        *,
        limit: str,
        budget: str | None = None,
        weigh: Callable[[object], int] | None = None,
        per_world: bool = True,
        world_limit: str | None = None,
    ):
        self.channels = channels
        self.limit = limit  # the setting's name: tests change settings
        self.budget = budget
        self.weigh = weigh or (lambda value: 0)
        self.per_world = per_world
        self.world_limit = world_limit
        self.generation = 0
        self.ready = False
        self.entries: OrderedDict[tuple, object] = OrderedDict()
        self.size = 0
        # The generation of each world's last notification (bounded: CHANGED_WORLDS_MAX), and
        # of the last one that named no world or dropped the whole dict (every world's).
        self.changed: dict[str, int] = {}
        self.all_changed = 0
        self._listened: dict[str, bool] = {}
        self._lock = threading.Lock()
        # Never held with _lock (the listener calls back under its own lock).
        self._subscribing = threading.Lock()
        self._subscriptions: list[Subscription] = []

    def _on(self) -> bool:
        return (
            getattr(settings, self.limit) > 0
            and (self.budget is None or getattr(settings, self.budget) > 0)
            and (self.world_limit is None or getattr(settings, self.world_limit) > 0)
            and "replica" not in settings.DATABASES
        )

    def active(self) -> bool:
        """Whether answers may be kept now; starts listening on first use."""
        on = self._on()
        if self.ready:
            return on
        if on:
            self.start()
        return False

    def usable(self, using: str = "default") -> bool:
        """active(), outside a transaction on connection `using`."""
        return self.active() and not connections[using].in_atomic_block

    def start(self) -> None:
        with self._subscribing:
            if self._subscriptions:
                return
            listener = process_listener()
            for channel in self.channels:
                self._subscriptions.append(
                    listener.subscribe(
                        channel,
                        on_notify=self._notified,
                        on_state=lambda up, channel=channel: self.invalidate(
                            channel=channel, listened=up
                        ),
                    )
                )

    def stop(self) -> None:
        with self._subscribing:
            subscriptions, self._subscriptions = self._subscriptions, []
        for subscription in subscriptions:
            subscription.cancel()  # calls invalidate(channel=…, listened=False)

    def _notified(self, payload: str) -> None:
        self.invalidate(schema=(payload or None) if self.per_world else None)

    def invalidate(
        self, *, schema: str | None = None, channel: str | None = None, listened: bool = True
    ) -> None:
        """Drop the answers of world `schema` (every answer when None). Any call makes a read in
        flight unkeepable, whatever its world: a read racing a notification is never kept."""
        with self._lock:
            self.generation += 1
            if schema is None:
                self.entries.clear()
                self.size = 0
                self.all_changed = self.generation
            else:
                for key in [key for key in self.entries if key[0] == schema]:
                    self.size -= self.weigh(self.entries.pop(key))
                if len(self.changed) >= CHANGED_WORLDS_MAX and schema not in self.changed:
                    # Marked first: a reader between the two never sees the world unchanged.
                    self.all_changed = self.generation
                    self.changed.clear()
                self.changed[schema] = self.generation
            if channel is not None:
                self._listened[channel] = listened
                self.ready = all(self._listened.get(c, False) for c in self.channels)

    def mark(self) -> int | None:
        """The generation to give changed_since() later, None while not listening (no change
        would be seen)."""
        with self._lock:
            return self.generation if self.ready else None

    def changed_since(self, schema: str, mark: int) -> bool:
        """Whether a notification naming world `schema` (or every world) was handed out since
        mark() gave `mark`. Lock-free: each read is of one int, and both only ever grow."""
        return self.all_changed > mark or self.changed.get(schema, 0) > mark

    def forget_world(self, schema: str) -> None:
        """A committed change in world `schema`: its answers go."""
        self.invalidate(schema=schema)

    def find(self, key: tuple) -> tuple[object | None, int]:
        """The answer kept under `key` (None if none) and the generation to pass to keep()."""
        with self._lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value, self.generation

    def keep(self, key: tuple, value: object, generation: int) -> None:
        """Keep `value` (never None) unless a notification arrived since find() gave
        `generation`, or it alone weighs more than the budget."""
        weight = self.weigh(value)
        with self._lock:
            if not self.ready or self.generation != generation:
                return
            budget = getattr(settings, self.budget) if self.budget else None
            if budget is not None and weight > budget:
                return
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= self.weigh(old)
            self.entries[key] = value
            self.size += weight
            limit = getattr(settings, self.limit)
            while self.entries and (
                len(self.entries) > limit or (budget is not None and self.size > budget)
            ):
                self.size -= self.weigh(self.entries.popitem(last=False)[1])
            if self.world_limit is not None:
                self._bound_world(key[0], getattr(settings, self.world_limit))

    def _bound_world(self, schema: str, world_limit: int) -> None:
        """At most `world_limit` answers of world `schema`, its least recently used out
        (under _lock; one pass over the entries, which `limit` bounds)."""
        keys = [key for key in self.entries if key[0] == schema]
        for key in keys[: max(0, len(keys) - world_limit)]:
            self.size -= self.weigh(self.entries.pop(key))

    def answer(self, key: tuple, build: Callable[[], object]):
        """The answer kept under `key`, or build()'s, kept (the caller checked usable())."""
        value, generation = self.find(key)
        if value is None:
            value = build()
            self.keep(key, value, generation)
        return value
