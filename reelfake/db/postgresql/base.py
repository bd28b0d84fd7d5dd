"""Django's PostgreSQL backend with a health check that costs no round trip.

With CONN_HEALTH_CHECKS (on by default, reelfake/settings.py) Django checks a persistent
connection before a request's first query by sending `SELECT 1`: a second round trip on every
request that reads the database, as long as a movie detail's own query
(docs/performance.md "The connection health check"). A connection the server ended
(a restart, pg_terminate_backend, idle_session_timeout, a pooler closing it) has the server's
goodbye or the end of the stream waiting on its socket, readable while the client is idle;
a healthy idle connection has nothing to read. So the socket is polled without waiting, and
only when something is waiting does the check fall back to Django's `SELECT 1`, which fails
on an ended connection (Django then opens a new one)."""

from __future__ import annotations

import select

import psycopg
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper


class DatabaseWrapper(PostgresDatabaseWrapper):
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
