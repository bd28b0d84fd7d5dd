"""Django's PostgreSQL backend with a health check that costs no round trip when there is
nothing to check (docs/performance.md "The database health check").

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` on a reused connection before each
request's first query, so that a connection the server ended (a restart,
pg_terminate_backend, idle_session_timeout) is replaced instead of failing the request: a
round trip on every request, for the API's one-query pages half of their traffic to
PostgreSQL. A server that ends a connection says so on it (an error message, then end of
file), so an idle connection with nothing to read is as healthy as `SELECT 1` would find it:
only one with something waiting (or already closed) gets the `SELECT 1`, which reads it."""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg.pq import ConnStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.info.status != ConnStatus.OK:
            return False
        try:
            waiting, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):  # no socket any more
            return False
        if not waiting:
            return True
        return super().is_usable()
