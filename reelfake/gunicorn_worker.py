"""gunicorn's gthread worker, spreading connections evenly over the workers.

All workers accept on the one listening socket the master bound. gthread's main loop accepts
one connection per pass, and the worker that wakes first loops again before the other process
is scheduled: 8 keep-alive connections opened at once often all land on one worker, which
then serves them on one core (the GIL) while the other idles (docs/deployment.md "How
connections spread over the workers").

SpreadingThreadWorker is gthread's ThreadWorker with one rule added: a worker holding more
open connections than the least loaded of its ready peers leaves a waiting connection to
that peer. The counts live in a small table of shared memory the master makes before its
first fork (`claim_slot`, gunicorn.conf.py's pre_fork hook); the master clears a worker's
slot when it exits (`release_slot`, child_exit), so a dead worker never counts. A worker
that declines does not stop watching: it looks again every millisecond and takes the
connection itself once it has waited STALL seconds (a peer whose main loop is stuck), so
there is always a worker that accepts.
"""

from __future__ import annotations

import mmap
import time

from gunicorn.workers.gthread import ThreadWorker

SLOTS = 64  # workers beyond this many (TTIN) run without a slot: they never decline
OWNER, CONNECTIONS, READY = range(3)
FIELDS = 3
# While a connection waits and this worker declines it, its loop looks again this often...
RETRY = 0.001
# ...and takes the connection itself once it has waited this long: its peers did not.
STALL = 0.1


class ConnectionTable:
    """Per worker slot: its owner (gunicorn's worker age, 0 when free), its open connections,
    and whether it is in its accepting loop. Anonymous shared memory, inherited by fork."""

    def __init__(self, slots: int = SLOTS):
        self.slots = slots
        self._memory = mmap.mmap(-1, slots * FIELDS * 8)
        self._cells = memoryview(self._memory).cast("q")

    def claim(self, owner: int) -> int | None:
        for slot in range(self.slots):
            if self._cells[slot * FIELDS + OWNER] == 0:
                self.release(slot)
                self._cells[slot * FIELDS + OWNER] = owner
                return slot
        return None

    def release(self, slot: int) -> None:
        for field in (READY, CONNECTIONS, OWNER):
            self._cells[slot * FIELDS + field] = 0

    def set(self, slot: int, field: int, value: int) -> None:
        self._cells[slot * FIELDS + field] = value

    def get(self, slot: int, field: int) -> int:
        return self._cells[slot * FIELDS + field]

    def fewest_elsewhere(self, slot: int) -> int | None:
        """The fewest connections a ready worker other than `slot` holds (None: no such)."""
        cells = self._cells.tolist()
        counts = [
            cells[other * FIELDS + CONNECTIONS]
            for other in range(self.slots)
            if other != slot and cells[other * FIELDS + READY]
        ]
        return min(counts) if counts else None


_table: ConnectionTable | None = None


def claim_slot(worker) -> None:
    """gunicorn's pre_fork hook (in the master, before the worker's fork): give the worker a
    slot in the table, making the table on the first call."""
    global _table
    if _table is None:
        _table = ConnectionTable()
    worker.connection_slot = _table.claim(worker.age)


def release_slot(worker) -> None:
    """gunicorn's child_exit hook (in the master): the exited worker's slot is free and its
    connections, gone with it, no longer count."""
    slot = getattr(worker, "connection_slot", None)
    if _table is not None and slot is not None and _table.get(slot, OWNER) == worker.age:
        _table.release(slot)


class SpreadingThreadWorker(ThreadWorker):
    """gthread, declining a connection a less loaded peer can take (module docstring)."""

    def __init__(self, *args, **kwargs):
        self._declined_since: float | None = None
        self._declined = False
        self._offered = False
        super().__init__(*args, **kwargs)

    def _slot(self) -> int | None:
        return getattr(self, "connection_slot", None) if _table is not None else None

    @property
    def nr_conns(self) -> int:
        return self._nr_conns

    @nr_conns.setter
    def nr_conns(self, value: int) -> None:
        # Every change published at once: ThreadWorker counts each accept and each close.
        self._nr_conns = value
        if (slot := self._slot()) is not None:
            _table.set(slot, CONNECTIONS, value)

    def run(self):
        if (slot := self._slot()) is not None:
            _table.set(slot, READY, 1)
        try:
            super().run()
        finally:
            self._not_ready()

    def notify(self):
        # Every pass of the run loop. A worker that stops by itself (gunicorn's max_requests)
        # no longer accepts: peers stop counting on it at once, not when it has exited.
        super().notify()
        if not self.alive:
            self._not_ready()

    def handle_exit(self, sig, frame):
        # Stopping (SIGTERM): peers no longer wait for this worker to take connections.
        self._not_ready()
        super().handle_exit(sig, frame)

    def _not_ready(self) -> None:
        if (slot := self._slot()) is not None:
            _table.set(slot, READY, 0)

    def _crowded(self) -> bool:
        slot = self._slot()
        if slot is None or not self.alive or self.cfg.reuse_port:
            # reuse_port: each worker listens on a socket of its own, which no peer can
            # take a connection from.
            return False
        fewest = _table.fewest_elsewhere(slot)
        return fewest is not None and self._nr_conns > fewest

    def accept(self, listener):
        self._offered = True
        if self._crowded():
            now = time.monotonic()
            if self._declined_since is None:
                self._declined_since = now
            if now - self._declined_since < STALL:
                # Stop watching the socket for RETRY seconds (wait_for_and_dispatch_events);
                # the run loop registers it again on its next pass (ThreadWorker.run): by
                # then a peer has taken the connection, or this worker looks again.
                self.set_accept_enabled(False)
                self._declined = True
                return
        self._declined_since = None
        super().accept(listener)

    def wait_for_and_dispatch_events(self, timeout):
        if self._declined:
            self._declined = False
            self.set_accept_enabled(False)
            super().wait_for_and_dispatch_events(min(timeout, RETRY))
            return
        watched, self._offered = self._accepting, False
        super().wait_for_and_dispatch_events(timeout)
        if watched and not self._offered:
            # The socket was watched and no connection waited: whatever this worker
            # declined before, a peer took.
            self._declined_since = None
