"""reelfake/db/postgresql: the connection health check without a round trip
(docs/performance.md "The connection health check")."""

import psycopg
import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_connection():
    """A second connection to the test database, outside the test's transaction."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_the_database_backend_is_reelfakes():
    assert type(connections["default"]).__module__ == "reelfake.db.postgresql.base"


def test_a_healthy_idle_connection_is_usable_without_a_query(other_connection, monkeypatch):
    sent = []
    original = psycopg.Cursor.execute

    def execute(cursor, query, *args, **kwargs):
        sent.append(query)
        return original(cursor, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", execute)
    assert other_connection.is_usable() is True
    assert sent == []


def test_a_connection_the_server_ended_is_not_usable(other_connection):
    pid = other_connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
        assert cursor.fetchone() == (True,)
    assert other_connection.is_usable() is False


def test_a_connection_the_server_ended_is_replaced_before_the_next_query(other_connection):
    pid = other_connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    other_connection.health_check_enabled = True
    other_connection.health_check_done = False
    with other_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_closed_connection_is_not_usable(other_connection):
    other_connection.connection.close()
    assert other_connection.is_usable() is False
