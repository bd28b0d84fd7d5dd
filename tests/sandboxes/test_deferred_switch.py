"""A switch of world outside a transaction goes in the round trip of the connection's next
query (reelfake/db/worlds.py activate, reelfake/db/postgresql/base.py; docs/sandboxes.md
"Many live sandboxes"). These tests commit: inside a test's transaction every switch is sent
at once."""

import pytest
from django.db import DatabaseError, connection, transaction

from reelfake.db import worlds
from tests.sandboxes.conftest import create, schema_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world() -> worlds.World:
    schema = schema_of(create())
    worlds.deactivate()
    yield worlds.World(id=schema, schema=schema)
    worlds.deactivate()


def current_schema() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return cursor.fetchone()[0]


def sent_by(call) -> list[str]:
    sent = []

    def record(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        call()
    return sent


def test_a_switch_outside_a_transaction_sends_nothing_by_itself(world):
    assert sent_by(lambda: worlds.activate(world)) == []


def test_the_query_after_a_deferred_switch_runs_in_the_new_world(world):
    worlds.activate(world)
    assert current_schema() == world.schema


def test_a_switch_inside_a_transaction_is_sent_at_once(world):
    with transaction.atomic():
        sent = sent_by(lambda: worlds.activate(world))
    assert sent == [f'SET search_path TO "{world.schema}", public; SET synchronous_commit TO off']


def test_a_deferred_switch_is_sent_before_a_transaction_begins(world):
    worlds.activate(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        current_schema()
        raise RuntimeError("rolled back")
    assert current_schema() == world.schema


def test_a_deferred_switch_survives_a_failed_query(world):
    worlds.activate(world)
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")
    assert current_schema() == world.schema


def test_a_deferred_switch_is_sent_before_a_server_side_cursor(world):
    worlds.activate(world)
    with connection.chunked_cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        assert cursor.fetchone()[0] == world.schema
