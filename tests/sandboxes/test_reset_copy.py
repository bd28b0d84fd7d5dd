"""A sandbox's schema is the template's (tables, columns, indexes, constraints, triggers,
sequences, functions), and a reset, which copies again only the tables written since the last
copy (docs/sandboxes.md "How it works"), gives back exactly the rows and sequences of a fresh
clone."""

import re

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from reelfake.db import worlds
from sandboxes import services
from sandboxes.models import Sandbox
from tests.sandboxes.conftest import MOVIE, login, manager_login, prefix, schema_of
from tests.sandboxes.test_isolation import workload

pytestmark = pytest.mark.django_db

# What a sandbox holds beyond the template: its row quota and its record of written tables.
SANDBOX_ONLY = re.compile(r"^sandbox_(rows|changed)")


def catalog(schema: str) -> dict[str, list]:
    """Every object of `schema`, the schema's own name written `<world>`."""
    queries = {
        "tables": "SELECT c.relname, c.relkind::text FROM pg_class c "
        "WHERE c.relnamespace = %(s)s::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')",
        "columns": "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
        "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, "
        "a.attgenerated::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE c.relnamespace = %(s)s::regnamespace AND c.relkind IN ('r', 'p') "
        "AND a.attnum > 0 AND NOT a.attisdropped",
        "indexes": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %(s)s",
        "constraints": "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) "
        "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
        "WHERE c.relnamespace = %(s)s::regnamespace",
        "triggers": "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled::text "
        "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE c.relnamespace = %(s)s::regnamespace AND NOT t.tgisinternal",
        "sequences": "SELECT sequencename, data_type::text, start_value, increment_by, "
        "max_value, cycle FROM pg_sequences WHERE schemaname = %(s)s",
        "functions": "SELECT proname, pg_get_function_identity_arguments(oid), prosrc "
        "FROM pg_proc WHERE pronamespace = %(s)s::regnamespace",
    }
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("RESET search_path")
        connection.reelfake_search_path = None
        for kind, sql in queries.items():
            cursor.execute(sql, {"s": schema})
            rows = []
            for row in cursor.fetchall():
                if any(SANDBOX_ONLY.match(str(value)) for value in row[:2]):
                    continue
                rows.append(tuple(str(v).replace(f"{schema}.", "<world>.") for v in row))
            found[kind] = sorted(rows)
    return found


def contents(schema: str) -> dict[str, object]:
    """A digest of every row of every world table (but the request inspector's records) and
    the state of every sequence of `schema`."""
    found = {}
    with connection.cursor() as cursor:
        for table in worlds.world_tables(cursor):
            if table == "toolkit_request":
                continue
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{schema}".{table} t'
            )
            found[table] = cursor.fetchone()
        cursor.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = %s "
            "AND sequencename NOT LIKE 'toolkit_request%%'",
            [schema],
        )
        for (sequence,) in cursor.fetchall():
            cursor.execute(f'SELECT last_value, is_called FROM "{schema}"."{sequence}"')
            found[sequence] = cursor.fetchone()
    return found


def reset(sandbox: dict) -> None:
    response = APIClient().post(f"{prefix(sandbox)}/api/sandbox/reset")
    assert response.status_code == 200, response.content


def test_a_new_sandbox_has_the_catalog_of_the_template(sandbox):
    assert catalog(schema_of(sandbox)) == catalog(worlds.TEMPLATE_SCHEMA)


def test_a_sandbox_reset_in_place_has_the_catalog_of_the_template(sandbox):
    workload(sandbox)
    reset(sandbox)
    assert catalog(schema_of(sandbox)) == catalog(worlds.TEMPLATE_SCHEMA)


def test_a_sandbox_reset_from_the_pool_has_the_catalog_of_the_template(sandbox):
    services.pool_fill(size=1)
    reset(sandbox)
    assert catalog(schema_of(sandbox)) == catalog(worlds.TEMPLATE_SCHEMA)


def test_a_new_sandbox_holds_the_rows_of_another_new_one(sandbox, other_sandbox):
    assert contents(schema_of(sandbox)) == contents(schema_of(other_sandbox))


def test_reset_after_a_cart_row_equals_a_fresh_clone(sandbox, other_sandbox):
    customer = login(APIClient(), sandbox)
    added = customer.post(f"{prefix(sandbox)}/api/cart", {"movieId": 1}, format="json")
    assert added.status_code == 201, added.content
    reset(sandbox)
    assert contents(schema_of(sandbox)) == contents(schema_of(other_sandbox))


def test_reset_after_a_new_movie_equals_a_fresh_clone(sandbox, other_sandbox):
    manager = manager_login(APIClient(), sandbox)
    created = manager.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    assert created.status_code == 201, created.content
    reset(sandbox)
    assert contents(schema_of(sandbox)) == contents(schema_of(other_sandbox))


def test_reset_after_writes_of_every_kind_equals_a_fresh_clone(sandbox, other_sandbox):
    workload(sandbox)
    reset(sandbox)
    assert contents(schema_of(sandbox)) == contents(schema_of(other_sandbox))


def test_reset_after_an_insert_rolled_back_equals_a_fresh_clone(sandbox, other_sandbox):
    """The rolled-back insert took a sequence value and left no record of its table."""
    schema = schema_of(sandbox)
    with pytest.raises(RuntimeError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL search_path TO "{schema}", public')
        cursor.execute("INSERT INTO genre (genre_name) VALUES (%s)", ["Rolled back"])
        raise RuntimeError
    reset(sandbox)
    assert contents(schema) == contents(schema_of(other_sandbox))


def run_in(schema: str, sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL search_path TO "{schema}", public')
        cursor.execute(sql)


def test_reset_after_seeded_rows_changed_equals_a_fresh_clone(sandbox, other_sandbox):
    schema = schema_of(sandbox)
    run_in(schema, "UPDATE customer SET first_name = 'Changed' WHERE id <= 3")
    reset(sandbox)
    assert contents(schema) == contents(schema_of(other_sandbox))


def test_reset_after_a_cascading_delete_equals_a_fresh_clone(sandbox, other_sandbox):
    """Deleting an actor deletes its cast rows (ON DELETE CASCADE): both tables come back."""
    schema = schema_of(sandbox)
    run_in(schema, "DELETE FROM actor WHERE id IN (SELECT actor_id FROM movie_actor LIMIT 3)")
    reset(sandbox)
    assert contents(schema) == contents(schema_of(other_sandbox))


def test_reset_records_no_written_table(sandbox):
    workload(sandbox)
    # The service, not the route: the request inspector records the reset request itself.
    services.sandbox_reset(sandbox_id=Sandbox.objects.get(schema_name=schema_of(sandbox)).id)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{schema_of(sandbox)}".{worlds.CHANGED_TABLE}')
        assert cursor.fetchone()[0] == 0


def test_a_write_records_its_table_for_the_next_reset(sandbox):
    customer = login(APIClient(), sandbox)
    customer.post(f"{prefix(sandbox)}/api/cart", {"movieId": 1}, format="json")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT table_name FROM "{schema_of(sandbox)}".{worlds.CHANGED_TABLE}')
        assert "cart" in {row[0] for row in cursor.fetchall()}
