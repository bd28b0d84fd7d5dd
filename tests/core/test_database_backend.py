"""reelfake/db/postgresql: the health check of a reused connection sends `SELECT 1` only
when the connection has something waiting (docs/performance.md "The database health check")."""

import select
import time

import pytest
from django.core.signals import request_started
from django.db import connection, connections
from django.db.backends.postgresql import base

from people.models import Customer

pytestmark = pytest.mark.django_db


def _terminate_from_another_connection(pid: int) -> None:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    # The server's goodbye arrives on the socket: wait for it (polling, at most 10 s).
    deadline = time.monotonic() + 10
    while not select.select([connection.connection.fileno()], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the server did not end the connection"


def test_an_idle_healthy_connection_is_usable_without_a_round_trip(monkeypatch):
    connection.ensure_connection()

    def select_one(self):
        raise AssertionError("SELECT 1 sent")

    monkeypatch.setattr(base.DatabaseWrapper, "is_usable", select_one)
    assert connection.is_usable() is True


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_not_usable():
    connection.ensure_connection()
    _terminate_from_another_connection(connection.connection.info.backend_pid)
    try:
        assert connection.is_usable() is False
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_next_request_after_the_server_ended_the_connection_gets_a_new_one(settings):
    connection.ensure_connection()
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    try:
        pid = connection.connection.info.backend_pid
        _terminate_from_another_connection(pid)
        request_started.send(sender=None)
        assert Customer.objects.count() == 0
        assert connection.connection.info.backend_pid != pid
    finally:
        connection.settings_dict["CONN_HEALTH_CHECKS"] = settings.DATABASES["default"].get(
            "CONN_HEALTH_CHECKS", False
        )
