"""Django's PostgreSQL backend with a health check that costs no round trip.

With CONN_HEALTH_CHECKS (on by default, reelfake/settings.py) Django checks a persistent
connection before a request's first query by sending `SELECT 1`: a second round trip on every
request that reads the database, as long as a movie detail's own query
(docs/performance.md "The connection health check"). A connection the server ended
(a restart, pg_terminate_backend, idle_session_timeout, a pooler closing it) has the server's
goodbye or the end of the stream waiting on its socket, readable while the client is idle;
a healthy idle connection has nothing to read. So the socket is polled without waiting, and
only when something is waiting does the check fall back to Django's `SELECT 1`, which fails
on an ended connection (Django then opens a new one).

It also sends a request's switch of world (reelfake/db/worlds.py activate) in the same round
trip as the request's first query, when that query runs outside a transaction
(docs/sandboxes.md "Many live sandboxes")."""

from __future__ import annotations

import select

import psycopg
from django.db.backends.postgresql.base import Cursor as PostgresCursor
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from psycopg.pq import TransactionStatus

# On the psycopg connection: the statements a switch of world left for its next query. Kept
# there, not on Django's wrapper, so that a new connection never inherits them.
_DEFERRED = "reelfake_deferred"


def _send_deferred(raw) -> None:
    """The deferred statements, alone, now (before a query that cannot carry them)."""
    statements = getattr(raw, _DEFERRED, None)
    if statements:
        with psycopg.ClientCursor(raw) as cursor:
            cursor.execute("; ".join(statements))
        setattr(raw, _DEFERRED, None)


class Cursor(PostgresCursor):
    """Django's client-side binding cursor, sending the deferred statements of a switch of
    world in front of the next query: one simple-protocol message, so one round trip, run by
    PostgreSQL as one implicit transaction. Only outside a transaction: a `SET` inside one
    would be undone by its rollback. If the message fails, the `SET`s were rolled back with
    it and stay deferred for the next query."""

    def execute(self, query, params=None, **kwargs):
        raw = self.connection
        statements = getattr(raw, _DEFERRED, None)
        if not statements:
            return super().execute(query, params, **kwargs)
        if (
            kwargs
            or not isinstance(query, str)
            or not raw.autocommit
            or raw.info.transaction_status != TransactionStatus.IDLE
        ):
            _send_deferred(raw)
            return super().execute(query, params, **kwargs)
        setattr(raw, _DEFERRED, None)
        try:
            super().execute("; ".join((*statements, query)), params)
        except BaseException:
            setattr(raw, _DEFERRED, statements)
            raise
        for _ in statements:  # to the query's own result
            self.nextset()
        return self

    def executemany(self, *args, **kwargs):
        _send_deferred(self.connection)
        return super().executemany(*args, **kwargs)

    def copy(self, *args, **kwargs):
        _send_deferred(self.connection)
        return super().copy(*args, **kwargs)

    def stream(self, *args, **kwargs):
        _send_deferred(self.connection)
        return super().stream(*args, **kwargs)


class DatabaseWrapper(PostgresDatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("cursor_factory") is PostgresCursor:
            params["cursor_factory"] = Cursor
        return params

    def defer_statements(self, statements: tuple[str, ...]) -> bool:
        """Leave `statements` (a switch of world) for the next query on this connection, to
        go in its round trip; False when that cannot be done (a transaction is open, or
        the connection uses another cursor class): the caller sends them now."""
        if self.in_atomic_block or not self.get_autocommit():
            return False
        if self.connection.cursor_factory is not Cursor:
            return False
        setattr(self.connection, _DEFERRED, statements)
        return True

    def create_cursor(self, name=None):
        if name:  # a server-side cursor's DECLARE carries nothing in front
            _send_deferred(self.connection)
        return super().create_cursor(name)

    def _set_autocommit(self, autocommit):
        if not autocommit and self.connection is not None:
            _send_deferred(self.connection)  # before the transaction, not undone by it
        super()._set_autocommit(autocommit)

    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            poller = select.poll()  # not select(): no limit on the descriptor's number
            poller.register(connection.fileno(), select.POLLIN)
            if not poller.poll(0):
                return True
        except (OSError, ValueError, psycopg.Error):
            pass
        return super().is_usable()
