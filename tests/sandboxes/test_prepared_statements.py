"""reelfake/db/compiled.py PreparedQuery in sandbox worlds: one prepared statement per
statement and sandbox on a connection, at most REELFAKE_PREPARED_SANDBOX_STATEMENTS of them
(docs/sandboxes.md "Many live sandboxes")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reelfake.db import worlds
from reelfake.db.compiled import PreparedQuery
from tests.sandboxes.conftest import create, schema_of

pytestmark = pytest.mark.django_db

COUNT_GENRES = "SELECT count(*) + %s FROM genre"


@pytest.fixture
def three_worlds(db) -> list[worlds.World]:
    schemas = [schema_of(create()) for _ in range(3)]
    yield [worlds.World(id=schema, schema=schema) for schema in schemas]
    worlds.deactivate()


def run_in(world: worlds.World, query: PreparedQuery, param: int = 0) -> tuple[list, list[str]]:
    """The query's rows in `world`, and the SQL the connection sent for it."""
    worlds.activate(world)
    with CaptureQueriesContext(connection) as ctx, connection.cursor() as cursor:
        query.execute(cursor, [param])
        rows = cursor.fetchall()
    return rows, [q["sql"] for q in ctx.captured_queries]


def server_statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def test_a_statement_read_in_each_sandbox_gives_that_sandboxs_rows(three_worlds):
    first, second, _ = three_worlds
    worlds.activate(second)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO genre (genre_name) VALUES ('Only here')")
    query = PreparedQuery(COUNT_GENRES, 1)
    (in_first,), _ = run_in(first, query)
    (in_second,), _ = run_in(second, query)
    (in_first_again,), _ = run_in(first, query)
    assert in_second[0] == in_first[0] + 1
    assert in_first_again == in_first


def test_a_sandbox_served_again_executes_its_statement_without_preparing_it(three_worlds):
    first, second, _ = three_worlds
    query = PreparedQuery(COUNT_GENRES, 1)
    _, sent_first = run_in(first, query)
    run_in(second, query)
    _, sent_again = run_in(first, query, 2)
    assert sent_first[-1].startswith(f"EXECUTE {query.name}_w")
    assert sent_again == [sent_first[-1].replace("(0)", "(2)")]


def test_each_sandbox_gets_a_statement_of_its_own(three_worlds):
    first, second, _ = three_worlds
    query = PreparedQuery(COUNT_GENRES, 1)
    _, sent_first = run_in(first, query)
    _, sent_second = run_in(second, query)
    assert sent_second[0].startswith("PREPARE")
    assert sent_first[-1] != sent_second[-1]


def test_the_main_world_keeps_the_statement_under_its_own_name(three_worlds):
    query = PreparedQuery(COUNT_GENRES, 1)
    run_in(three_worlds[0], query)
    _, sent = run_in(worlds.MAIN_WORLD, query)
    assert sent[-2:] == [
        f"PREPARE {query.name} AS SELECT count(*) + $1 FROM genre",
        f"EXECUTE {query.name}(0)",
    ]


def test_past_the_limit_the_least_recently_used_sandbox_statement_is_deallocated(
    three_worlds, settings
):
    settings.REELFAKE_PREPARED_SANDBOX_STATEMENTS = 2
    first, second, third = three_worlds
    query = PreparedQuery(COUNT_GENRES, 1)
    _, sent_first = run_in(first, query)
    run_in(second, query)
    run_in(third, query)
    first_name = sent_first[-1].split()[1].split("(")[0]
    assert first_name not in server_statements()
    assert len({name for name in server_statements() if name.startswith(query.name)}) == 2


def test_a_sandbox_whose_statement_was_deallocated_prepares_a_new_one(three_worlds, settings):
    settings.REELFAKE_PREPARED_SANDBOX_STATEMENTS = 1
    first, second, _ = three_worlds
    query = PreparedQuery(COUNT_GENRES, 1)
    (expected,), sent_first = run_in(first, query)
    run_in(second, query)
    (rows,), sent_again = run_in(first, query)
    assert rows == expected
    assert sent_again[0].startswith("DEALLOCATE")
    assert sent_again[-1] != sent_first[-1]


def test_limit_zero_runs_sandbox_statements_unprepared(three_worlds, settings):
    settings.REELFAKE_PREPARED_SANDBOX_STATEMENTS = 0
    _, sent = run_in(three_worlds[0], PreparedQuery(COUNT_GENRES, 1), 3)
    assert sent == ["SELECT count(*) + 3 FROM genre"]


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_the_sandbox_statement_again(three_worlds):
    query = PreparedQuery(COUNT_GENRES, 1)
    (expected,), _ = run_in(three_worlds[0], query)
    connection.close()
    (rows,), sent = run_in(three_worlds[0], query)
    assert rows == expected
    assert f"PREPARE {query.name}_w" in sent[-2]  # after the switch, in the same round trip
