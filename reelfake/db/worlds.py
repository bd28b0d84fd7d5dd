"""Worlds: the main data set and every sandbox, one PostgreSQL schema each (docs/sandboxes.md
"How it works").

django-tenants' model: a world is a schema holding every table the routes read and write
(the tables of schema.sql, the ones the apps' SQL migrations add, and the per-world Django
models such as login failures and upload jobs); Django's own tables (users, sessions, token
blacklist, migrations, the sandbox registry) stay in the main schema. A request picks its
world by setting the connection's search_path to `"<schema>", public`; the apps never know.

The template schema is built from the same sources as the main world (the schema migrations
run with the template's search path, the Django models created by the schema editor) and
seeded by the seed loader; a sandbox is a copy of it: the same build, then its rows copied
table by table.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.signals import connection_created
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython, RunSQL

from reelfake.db.migrations import SCHEMA
from reelfake.db.seeding.load import TABLES as SEED_TABLES

MAIN_SCHEMA = "public"
# Sandbox writes are acknowledged before their WAL reaches the disk (docs/sandboxes.md
# "Durability"): a crash may lose the last moments of a sandbox's writes, never its
# consistency; the main world keeps the server's setting.
SANDBOX_SYNCHRONOUS_COMMIT = "off"
TEMPLATE_SCHEMA = "sandbox_template"
# Sandbox schemas: this prefix and 24 hex digits, never derived from the secret key.
SANDBOX_SCHEMA_PREFIX = "sbx_"
_SANDBOX_SCHEMA = re.compile(r"^sbx_[0-9a-f]{24}$")

# Apps whose tables are shared by every world (Django's own and the registry of sandboxes).
SHARED_APPS = frozenset(
    {"admin", "auth", "contenttypes", "sessions", "messages", "token_blacklist", "sandboxes"}
)

# Tables derived from the others by triggers: never copied, rebuilt as rows arrive.
DERIVED_TABLES = frozenset(
    {"stats_row_delta", "rental_stats_movie", "rental_stats_store", "rental_stats_month"}
)
# Tables whose added rows count against a sandbox's quota.
QUOTA_TABLES = (*SEED_TABLES, "upload_job")
QUOTA_TABLE = "sandbox_rows"
# The tables written since the last copy (a reset copies only those again).
CHANGED_TABLE = "sandbox_changed"
QUOTA_SQLSTATE = "RF413"


# The world of the running request: None for the main world, else (world id, schema).
@dataclass(frozen=True)
class World:
    id: str
    schema: str
    # A sandbox whose data set was still its copy's when its route was looked up: the copy it
    # came from (pristine_source()), and the count of its world's change notifications seen
    # then (reelfake/kept_pages.py: its kept pages are that copy's while the count holds).
    copy_of: str | None = None
    changes_seen: int = 0


MAIN_WORLD = World(id="main", schema=MAIN_SCHEMA)
# Read, never written, by the answers unchanged sandboxes share (reelfake/kept_pages.py).
TEMPLATE_WORLD = World(id="template", schema=TEMPLATE_SCHEMA)
_current: ContextVar[World] = ContextVar("reelfake_world", default=MAIN_WORLD)


def current_world() -> World:
    return _current.get()


def default_connection():
    """This thread's default database connection, `connections[DEFAULT_DB_ALIAS]`, read
    straight from the thread's storage where Django's own look-up goes through asgiref's
    `Local` (a context manager and a raised exception, about 1.7 µs, on every request:
    docs/sandboxes.md "Routing overhead, third pass"). The same object: in a thread running
    an event loop, before the connection exists, or with another asgiref, Django's look-up."""
    storage = getattr(connections._connections, "_storage", None)
    if storage is not None and asyncio._get_running_loop() is None:
        conn = getattr(storage, DEFAULT_DB_ALIAS, None)
        if conn is not None:
            return conn
    return connections[DEFAULT_DB_ALIAS]


def is_sandbox_schema(name: str) -> bool:
    return bool(_SANDBOX_SCHEMA.match(name))


def _qn(name: str) -> str:
    if not (is_sandbox_schema(name) or name in (TEMPLATE_SCHEMA, MAIN_SCHEMA)):
        raise ValueError(f"not a world schema: {name!r}")
    return f'"{name}"'


# Search path per connection -------------------------------------------------------------------
# The connection remembers the schema it last switched to (None: the server's default path),
# so a main-world request on a connection that never served a sandbox sends nothing. The
# switch itself may still wait for the connection's next query (activate).


def _forget_search_path(sender, connection, **kwargs):
    connection.reelfake_search_path = None


connection_created.connect(_forget_search_path)


def activate(world: World, *, using_connection=None) -> None:
    """Make `world` the current one: its schema first on the search path of this thread's
    connection (the main world: the server's default path)."""
    # The wrapper itself, looked up once: each attribute read through the `connection` proxy
    # looks it up again in asgiref's Local (about 1 µs each, on every request).
    conn = using_connection or default_connection()
    _current.set(world)
    wanted = None if world.schema == MAIN_SCHEMA else world.schema
    if conn.connection is None:
        # Closed (CONN_MAX_AGE reached, a failed health check): the next connection starts
        # on the server's default path, whatever this one last set. Trusting the old record
        # sent a remembered sandbox's request to the main world.
        conn.reelfake_search_path = None
    if getattr(conn, "reelfake_search_path", None) == wanted:
        return
    if wanted is None:
        statements = ("RESET search_path", "RESET synchronous_commit")
    else:
        statements = (
            f"SET search_path TO {_qn(wanted)}, public",
            f"SET synchronous_commit TO {SANDBOX_SYNCHRONOUS_COMMIT}",
        )
    # Outside a transaction the switch goes in front of the next query, in its round trip
    # (reelfake/db/postgresql/base.py); inside one, or with another backend, now.
    defer = getattr(conn, "defer_statements", None)
    if defer is None or not defer(statements):
        with conn.cursor() as cursor:
            cursor.execute("; ".join(statements))
    conn.reelfake_search_path = wanted


def enter(world: World) -> None:
    """Make `world` current when its search path is already set (switched_to)."""
    _current.set(world)


def switched_to(conn, schema: str) -> None:
    """Record that a query of the caller already set the search path to `schema`."""
    conn.reelfake_search_path = schema


def deactivate() -> None:
    activate(MAIN_WORLD)


def leave() -> None:
    """The request is over: the main world is current again, while the connection keeps the
    sandbox's search path (remembered) until a main-world request resets it. A sandbox
    request thus costs one query (sandboxes.selectors.sandbox_enter), not two."""
    _current.set(MAIN_WORLD)


# Building worlds ------------------------------------------------------------------------------


@contextmanager
def _local_settings(cursor, **values: str):
    """SET LOCAL for the block, then the previous values back: an outer transaction (a test's,
    or a caller's atomic block) must not keep another schema's search path or disabled
    triggers. On an error the caller's rollback undoes them."""
    names = [name.replace("__", ".") for name in values]
    cursor.execute("SELECT " + ", ".join("current_setting(%s, true)" for _ in names), names)
    saved = cursor.fetchone()
    for name, value in zip(names, values.values(), strict=True):
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    yield
    for name, value in zip(names, saved, strict=True):
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value or ""])


def _path(schema: str) -> str:
    return f"{_qn(schema)}, public"


def world_models() -> list:
    """The Django models whose tables exist once per world (managed, outside SHARED_APPS)."""
    return [
        model
        for model in django_apps.get_models()
        if model._meta.managed and model._meta.app_label not in SHARED_APPS
    ]


@functools.cache
def _world_migration_operations() -> tuple:
    """RunSQL/RunPython operations of the world apps' migrations, in migration order. Read
    without a database: the squashed schema migration is the one that runs schema.sql
    (apply_schema; docs/testing.md "Schema and migrations")."""
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    graph = loader.graph
    seen: set = set()
    plan = []
    for leaf in sorted(graph.leaf_nodes()):
        for node in graph.forwards_plan(leaf):
            if node not in seen:
                seen.add(node)
                plan.append(node)
    operations = []
    for app_label, name in plan:
        if app_label in SHARED_APPS:
            continue
        for operation in loader.graph.nodes[(app_label, name)].operations:
            if isinstance(operation, RunPython | RunSQL):
                operations.append(operation)
    return tuple(operations)


@functools.cache
def fingerprint() -> str:
    """Changes whenever the schema sources do: the schema file and the world migrations."""
    digest = hashlib.sha256(SCHEMA.read_bytes())
    for operation in _world_migration_operations():
        if isinstance(operation, RunSQL):
            sql = operation.sql if isinstance(operation.sql, str) else repr(operation.sql)
            digest.update(sql.encode())
    # The sandbox-only objects (quota, change tracking) too: schemas without them are retired.
    digest.update(QUOTA_FUNCTIONS.encode())
    digest.update(CHANGE_TRACKING.encode())
    for model in world_models():
        digest.update(model._meta.db_table.encode())
        digest.update(",".join(f.column for f in model._meta.local_fields).encode())
    return digest.hexdigest()[:16]


class _Editor:
    """What a RunPython schema function reads of its schema_editor."""

    def __init__(self, conn):
        self.connection = conn


def build_world(schema: str) -> None:
    """Create `schema` with every per-world table, inside the caller's transaction (or one)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {_qn(schema)}")
        with _local_settings(cursor, search_path=_path(schema)):
            with connection.schema_editor(atomic=False) as editor:
                for model in world_models():
                    editor.create_model(model)
            for operation in _world_migration_operations():
                if isinstance(operation, RunPython):
                    operation.code(django_apps, _Editor(connection))
                else:
                    sqls = [operation.sql] if isinstance(operation.sql, str) else operation.sql
                    for sql in sqls:
                        cursor.execute(sql)


def world_tables(cursor) -> list[str]:
    """The tables each world holds: those of the template."""
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename <> ALL(%s) "
        "ORDER BY tablename",
        [TEMPLATE_SCHEMA, [QUOTA_TABLE, CHANGED_TABLE]],
    )
    return [row[0] for row in cursor.fetchall()]


def _may_skip_triggers(cursor) -> bool:
    """A superuser skips the per-row foreign key checks and the triggers (the template's rows
    are consistent) and copies the derived tables; others let the triggers run."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    return bool(cursor.fetchone()[0])


def _changed_tables(cursor, schema: str, tables: list[str]) -> set[str] | None:
    """The tables written since the last copy (CHANGED_TABLE, kept by statement triggers);
    None when the schema keeps no record (the main world)."""
    cursor.execute("SELECT to_regclass(%s)", [f"{_qn(schema)}.{CHANGED_TABLE}"])
    if cursor.fetchone()[0] is None:
        return None
    cursor.execute(f"SELECT table_name FROM {_qn(schema)}.{CHANGED_TABLE}")
    return {row[0] for row in cursor.fetchall()} & set(tables)


def _copy_name(cursor, source: str) -> str:
    """What names one build of `source`: its name and its schema's object id (a rebuilt
    template is a new schema)."""
    cursor.execute("SELECT %s::regnamespace::oid", [_qn(source)])
    return f"{source}@{cursor.fetchone()[0]}"


def _copied_from(cursor, schema: str) -> str | None:
    """The copy_name() of the build `schema`'s rows were last copied from (its schema's
    comment, fill_world()), None if none is recorded."""
    cursor.execute("SELECT obj_description(%s::regnamespace, 'pg_namespace')", [_qn(schema)])
    return cursor.fetchone()[0]


# The tables whose rows the kept pages show (the data set's and those derived from it): a
# sandbox none of them was written in since its copy is still that copy (pristine_source()).
DATA_SET_TABLES = (*SEED_TABLES, *sorted(DERIVED_TABLES))


def pristine_source(schema: str) -> str | None:
    """copy_name() of the template when sandbox `schema` holds its current build's rows: its
    last copy was of that build and none of its data set's tables was written since
    (CHANGED_TABLE, kept by statement triggers in the writing transaction); else None. One
    query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT copy FROM (SELECT obj_description(%s::regnamespace, 'pg_namespace') AS copy)"
            " AS recorded WHERE copy = (SELECT nspname || '@' || oid FROM pg_namespace"
            " WHERE nspname = %s) AND NOT EXISTS"
            f" (SELECT 1 FROM {_qn(schema)}.{CHANGED_TABLE} WHERE table_name = ANY(%s))",
            [_qn(schema), TEMPLATE_SCHEMA, list(DATA_SET_TABLES)],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def fill_world(schema: str, source: str = TEMPLATE_SCHEMA, *, changed_only: bool = False) -> None:
    """Replace every row of `schema`'s world tables by the rows of `source` (the template).
    Derived tables are rebuilt by their triggers; ids continue after the copied ones.

    `changed_only` (a sandbox's reset): only the tables written since the last copy are
    touched, and in them only the rows that differ from the template's (docs/sandboxes.md
    "How it works")."""
    with transaction.atomic(), connection.cursor() as cursor:
        tables = world_tables(cursor)
        fast = _may_skip_triggers(cursor)
        # Without superuser rights the triggers rebuild the derived tables from every row.
        changed = _changed_tables(cursor, schema, tables) if changed_only and fast else None
        copy_of = _copy_name(cursor, source)
        if changed is not None and _copied_from(cursor, schema) != copy_of:
            # The source was rebuilt since the last copy: its unwritten tables differ too.
            changed = None
        cursor.execute(
            "SELECT table_name,"
            " string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)"
            " FROM information_schema.columns WHERE table_schema = %s AND is_generated = 'NEVER'"
            " GROUP BY table_name",
            [source],
        )
        columns = dict(cursor.fetchall())
        # Trigger functions name their tables unqualified: the target must come first.
        replication = {"session_replication_role": "replica"} if fast else {}
        with _local_settings(
            # reelfake.events off: a copy is not a change for the live events
            # (toolkit_event triggers, docs/toolkit.md "Live events").
            cursor,
            search_path=_path(schema),
            reelfake__filling="on",
            reelfake__events="off",
            **replication,
        ):
            # Deferred foreign key checks of the caller's writes (an outer transaction's) run
            # now: TRUNCATE refuses a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if changed is None:
                _copy_every_table(cursor, schema, source, tables, columns, fast=fast)
                copied = tables
            else:
                _undo_changes(cursor, schema, source, sorted(changed), columns)
                copied = sorted(changed)
            # Every sequence, copied tables or not: an insert rolled back still took its id.
            _restart_sequences(cursor, schema)
            if schema != MAIN_SCHEMA:
                cursor.execute(f"UPDATE {_qn(schema)}.{QUOTA_TABLE} SET used = 0")
                cursor.execute(f"DELETE FROM {_qn(schema)}.{CHANGED_TABLE}")
                cursor.execute(f"COMMENT ON SCHEMA {_qn(schema)} IS %s", [copy_of])
            # Fresh statistics: the first requests get the plans the main world gets.
            if copied:
                _copy_statistics(cursor, schema, source, copied)
            # The copy may run with triggers off: tell the processes caching reference lists
            # (reelfake/reference.py) itself; delivered when this transaction commits.
            cursor.execute("SELECT pg_notify('reelfake_reference', %s)", [schema])


def _copy_every_table(cursor, schema, source, tables, columns, *, fast: bool) -> None:
    primary = [f"{_qn(schema)}.{t}" for t in tables if t not in DERIVED_TABLES]
    derived = [f"{_qn(schema)}.{t}" for t in tables if t in DERIVED_TABLES]
    # The derived tables after the others: their TRUNCATE triggers touch them.
    cursor.execute(f"TRUNCATE {', '.join(primary)} RESTART IDENTITY CASCADE")
    cursor.execute(f"TRUNCATE {', '.join(derived)}")
    # Indexes no constraint needs are built once after the copy: maintaining the trigram and
    # full-text indexes row by row costs most of a copy's time.
    cursor.execute(
        "SELECT ci.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class ci ON ci.oid = i.indexrelid "
        "JOIN pg_class ct ON ct.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = ct.relnamespace "
        "WHERE n.nspname = %s AND ct.relname = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [schema, list(SEED_TABLES)],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX {_qn(schema)}."{name}"')
    for table in [*SEED_TABLES, *(sorted(DERIVED_TABLES) if fast else ())]:
        cols = columns[table]
        cursor.execute(
            f"INSERT INTO {_qn(schema)}.{table} ({cols}) SELECT {cols} FROM {_qn(source)}.{table}"
        )
    for _, definition in indexes:
        cursor.execute(definition)


def _undo_changes(cursor, schema, source, tables, columns) -> None:
    """In each of `tables`, delete the rows that are not the template's (added or changed)
    and insert the template's rows that are missing (deleted or changed). Run with triggers
    and foreign key checks off (session_replication_role = replica): the end state is the
    template's, whatever the order."""
    cursor.execute(
        "SELECT c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indisprimary AND c.relnamespace = %s::regnamespace GROUP BY c.relname",
        [schema],
    )
    keys = dict(cursor.fetchall())
    for table in tables:
        cols = columns[table]
        target, origin = f"{_qn(schema)}.{table}", f"{_qn(source)}.{table}"
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {origin})")
        if not cursor.fetchone()[0]:
            cursor.execute(f"DELETE FROM {target}")
            continue
        key = keys.get(table)
        if key is None:
            cursor.execute(f"DELETE FROM {target}")
            cursor.execute(f"INSERT INTO {target} ({cols}) SELECT {cols} FROM {origin}")
            continue
        cursor.execute(
            f"DELETE FROM {target} WHERE ({key}) IN (SELECT {key} FROM "
            f"(SELECT {cols} FROM {target} EXCEPT ALL SELECT {cols} FROM {origin}) AS differing)"
        )
        cursor.execute(
            f"INSERT INTO {target} ({cols}) SELECT {cols} FROM {origin} "
            f"WHERE ({key}) NOT IN (SELECT {key} FROM {target})"
        )


def _restart_sequences(cursor, schema: str) -> None:
    """Each column's sequence continues after the column's largest value (1 when empty)."""
    cursor.execute(
        "SELECT s.relname, t.relname, a.attname FROM pg_depend d "
        "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
        "WHERE s.relnamespace = %s::regnamespace AND d.deptype IN ('a', 'i')",
        [schema],
    )
    owned = cursor.fetchall()
    if not owned:
        return
    cursor.execute(
        "SELECT "
        + ", ".join(
            f'(SELECT setval(\'{_qn(schema)}."{seq}"\', coalesce(max("{col}"), 1), '
            f'max("{col}") IS NOT NULL) FROM {_qn(schema)}."{table}")'
            for seq, table, col in owned
        )
    )


# PostgreSQL 18's statistics import (what pg_dump --statistics writes): the planner statistics
# of `source`'s relations copied onto the same-named ones of the target, in a few
# milliseconds where ANALYZE samples every table again (the most expensive step of a copy).
_RESTORE_RELATION_STATS = """
SELECT count(*) FILTER (WHERE pg_restore_relation_stats(
    'schemaname', %(target)s::text, 'relname', c.relname::text, 'relpages', c.relpages,
    'reltuples', c.reltuples, 'relallvisible', c.relallvisible))
FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid
JOIN pg_class t ON t.oid = coalesce(i.indrelid, c.oid)
WHERE c.relnamespace = %(source)s::regnamespace AND c.relkind IN ('r', 'i') AND c.reltuples >= 0
AND t.relname = ANY(%(tables)s)
"""
_RESTORE_ATTRIBUTE_STATS = """
SELECT count(*) FILTER (WHERE pg_restore_attribute_stats(
    'schemaname', %(target)s::text, 'relname', s.tablename::text, 'attname', s.attname::text,
    'inherited', s.inherited, 'null_frac', s.null_frac, 'avg_width', s.avg_width,
    'n_distinct', s.n_distinct, 'most_common_vals', s.most_common_vals::text,
    'most_common_freqs', s.most_common_freqs, 'histogram_bounds', s.histogram_bounds::text,
    'correlation', s.correlation, 'most_common_elems', s.most_common_elems::text,
    'most_common_elem_freqs', s.most_common_elem_freqs,
    'elem_count_histogram', s.elem_count_histogram))
FROM pg_stats s
JOIN pg_class c ON c.relname = s.tablename AND c.relnamespace = %(source)s::regnamespace
LEFT JOIN pg_index i ON i.indexrelid = c.oid
JOIN pg_class t ON t.oid = coalesce(i.indrelid, c.oid)
WHERE s.schemaname = %(source)s AND t.relname = ANY(%(tables)s)
"""


def _copy_statistics(cursor, schema: str, source: str, tables: list[str]) -> None:
    """The target's rows are the source's: so are its statistics (of `tables` and their
    indexes). Older servers ANALYZE."""
    if connection.pg_version >= 180000:
        names = {"target": schema, "source": source, "tables": tables}
        cursor.execute(_RESTORE_RELATION_STATS, names)
        cursor.execute(_RESTORE_ATTRIBUTE_STATS, names)
    else:
        cursor.execute(f"ANALYZE {', '.join(f'{_qn(schema)}.{t}' for t in tables)}")


QUOTA_FUNCTIONS = f"""
CREATE TABLE {QUOTA_TABLE} (used bigint NOT NULL, quota bigint NOT NULL);
INSERT INTO {QUOTA_TABLE} VALUES (0, %(quota)s);
CREATE FUNCTION sandbox_rows_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
    allowed bigint;
BEGIN
    IF current_setting('reelfake.filling', true) = 'on' THEN
        RETURN NULL;
    END IF;
    UPDATE {QUOTA_TABLE} SET used = used + (SELECT count(*) FROM new_rows)
        RETURNING used, quota INTO total, allowed;
    IF total > allowed THEN
        RAISE EXCEPTION 'sandbox row quota exceeded' USING ERRCODE = '{QUOTA_SQLSTATE}',
            DETAIL = allowed::text;
    END IF;
    RETURN NULL;
END;
$$;
CREATE FUNCTION sandbox_rows_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('reelfake.filling', true) = 'on' THEN
        RETURN NULL;
    END IF;
    UPDATE {QUOTA_TABLE} SET used = used - (SELECT count(*) FROM old_rows);
    RETURN NULL;
END;
$$;
"""


def install_quota(schema: str, quota: int) -> None:
    """Count the rows a sandbox adds (net of deletes) and refuse the statement that goes past
    `quota` (docs/sandboxes.md "Limits"). One counter row: writers of one sandbox queue on
    it, other worlds never do."""
    with transaction.atomic(), connection.cursor() as cursor:
        with _local_settings(cursor, search_path=_path(schema)):
            _install_quota(cursor, quota)


CHANGE_TRACKING = f"""
CREATE TABLE {CHANGED_TABLE} (table_name text PRIMARY KEY);
CREATE FUNCTION sandbox_changed_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('reelfake.filling', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO %(schema)s.{CHANGED_TABLE} VALUES (TG_TABLE_NAME) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
"""


def _install_quota(cursor, quota: int) -> None:
    cursor.execute(QUOTA_FUNCTIONS, {"quota": quota})
    # Every write statement records its table once (a reset copies only those again);
    # the schema is named in the function: triggers of nested writes run with any path.
    cursor.execute("SELECT current_schema()")
    schema = cursor.fetchone()[0]
    cursor.execute(CHANGE_TRACKING.replace("%(schema)s", _qn(schema)))
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename <> ALL(%s)",
        [schema, [QUOTA_TABLE, CHANGED_TABLE]],
    )
    for (table,) in cursor.fetchall():
        cursor.execute(
            "CREATE TRIGGER sandbox_changed_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION sandbox_changed_mark()'
        )
    for table in QUOTA_TABLES:
        cursor.execute(
            f"CREATE TRIGGER sandbox_rows_after_insert AFTER INSERT ON {table} "
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION sandbox_rows_after_insert();"
            f"CREATE TRIGGER sandbox_rows_after_delete AFTER DELETE ON {table} "
            "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION sandbox_rows_after_delete();"
        )


def rows_used(schema: str) -> tuple[int, int]:
    """(rows added, quota) of a sandbox."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT used, quota FROM {_qn(schema)}.{QUOTA_TABLE}")
        used, quota = cursor.fetchone()
    return max(int(used), 0), int(quota)


def quota_exceeded(exc: BaseException) -> int | None:
    """The quota a database error reports as exceeded, or None for any other error."""
    cause = exc
    while cause is not None:
        diag = getattr(cause, "diag", None)
        if getattr(cause, "sqlstate", None) == QUOTA_SQLSTATE and diag is not None:
            return int(diag.message_detail or 0)
        cause = cause.__cause__
    return None


def quota_message(quota: int) -> str:
    return (
        f"This sandbox has reached its quota of {quota:,} added rows; delete rows or reset "
        "it: POST /api/sandbox/reset"
    )


def clone_world(schema: str, *, quota: int) -> None:
    """A new sandbox schema holding the template's rows."""
    with transaction.atomic():
        build_world(schema)
        install_quota(schema, quota)
        fill_world(schema)


def settle_world(schema: str) -> None:
    """VACUUM (ANALYZE) a copied schema, off the request path (the warm pool's filler): its
    pages are marked all-visible and its rows' hint bits set once, so that its first readers
    neither dirty the pages they read (eviction writes them back: with many sandboxes their
    pages do not all fit in shared buffers) nor leave autovacuum the same work. VACUUM runs
    outside a transaction only: inside one (a caller's atomic block, a test's) it is left to
    autovacuum."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        tables = world_tables(cursor)
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(f'{_qn(schema)}.{t}' for t in tables)}")


def drop_world(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {_qn(schema)} CASCADE")


def schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None


def template_fingerprint() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
            [TEMPLATE_SCHEMA],
        )
        row = cursor.fetchone()
    return None if row is None else (row[0] or "")


def build_template(*, scale: str, seed: int = 42, progress=None) -> None:
    """(Re)build the template schema from the schema sources and seed it (the seed loader's
    COPY, with the template first on the search path)."""
    from reelfake.db.seeding.generate import SCALES, Dataset, demo_password_hash
    from reelfake.db.seeding.load import load_dataset

    dataset = Dataset(scale=SCALES[scale], seed=seed, password_hash=demo_password_hash(seed))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {_qn(TEMPLATE_SCHEMA)} CASCADE")
        build_world(TEMPLATE_SCHEMA)
        with connection.cursor() as cursor:
            with _local_settings(cursor, search_path=_path(TEMPLATE_SCHEMA)):
                with connection.connection.cursor() as raw:
                    load_dataset(
                        raw,
                        dataset,
                        progress=lambda table: lambda rows: None,
                        done=progress or (lambda table, rows, seconds: None),
                    )
            cursor.execute(
                f"COMMENT ON SCHEMA {_qn(TEMPLATE_SCHEMA)} IS %s", [f"{fingerprint()}:{scale}"]
            )
            # Every process drops every world's kept answers, those unchanged sandboxes share
            # with the template included (reelfake/kept_pages.py), when this commits.
            cursor.execute("SELECT pg_notify('reelfake_reference', '')")


def template_is_current(scale: str) -> bool:
    return template_fingerprint() == f"{fingerprint()}:{scale}"
