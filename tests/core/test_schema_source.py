"""One schema source (docs/testing.md "Schema and migrations"): a database migrated from
nothing has exactly the catalog reelfake/db/schema.sql alone gives, schema.sql changes only
with a new migration, and only the squash runs the file."""

import os
import subprocess
import sys
from importlib import import_module

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython

from reelfake.checks import replaced_migrations_hint
from reelfake.db.embedded import data_dir
from reelfake.db.migrations import SCHEMA, apply_schema, schema_digest
from tests.core.test_schema import database_url, server_kwargs

SQUASH = ("reelfake_schema", "0001_squashed_0013_schema")

# Objects the toolkit's migrations (toolkit/migrations/0004-0006) put on the schema's tables:
# the live-event triggers and their functions write to toolkit_event, a table of the
# toolkit's Django model, and watch upload_job, one of the uploads app's; neither table
# exists when schema.sql runs, so they belong to the toolkit app (docs/toolkit.md "Live
# events"), not to schema.sql.
TOOLKIT_TRIGGERS = {"toolkit_event", "toolkit_event_imported"}
TOOLKIT_FUNCTIONS = {"toolkit_event_emit", "toolkit_event_movies_imported", "toolkit_event_notify"}

# Each kind of catalog object: (owning table or None, identity and definition columns...).
CATALOG = {
    "relations": """
        SELECT c.relname, c.relname, c.relkind::text, c.relpersistence::text,
               coalesce(array_to_string(c.reloptions, ','), '')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')""",
    "columns": """
        SELECT c.relname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
               a.attnotnull, coalesce(pg_get_expr(d.adbin, d.adrelid), ''),
               a.attgenerated::text, a.attidentity::text, coalesce(co.collname, '')
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation AND co.collname <> 'default'
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
          AND a.attnum > 0 AND NOT a.attisdropped""",
    "indexes": """
        SELECT t.relname, i.relname, pg_get_indexdef(x.indexrelid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public'""",
    "constraints": """
        SELECT t.relname, co.conname, co.contype::text, pg_get_constraintdef(co.oid),
               co.condeferrable, co.condeferred
        FROM pg_constraint co
        JOIN pg_class t ON t.oid = co.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public'""",
    "triggers": """
        SELECT t.relname, tg.tgname, pg_get_triggerdef(tg.oid), tg.tgenabled::text
        FROM pg_trigger tg
        JOIN pg_class t ON t.oid = tg.tgrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND NOT tg.tgisinternal""",
    "functions": """
        SELECT NULL, p.proname, pg_get_function_identity_arguments(p.oid),
               pg_get_functiondef(p.oid)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')""",
    "sequences": """
        SELECT coalesce(owner.relname, s.sequencename), s.sequencename, s.data_type::text,
               s.start_value, s.increment_by, s.max_value, s.cache_size, s.cycle
        FROM pg_sequences s
        LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass
             AND d.objid = format('%I.%I', s.schemaname, s.sequencename)::regclass
             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        LEFT JOIN pg_class owner ON owner.oid = d.refobjid
        WHERE s.schemaname = 'public'""",
    "types": """
        SELECT NULL, t.typname, t.typtype::text,
               coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                         FROM pg_enum e WHERE e.enumtypid = t.oid), ''),
               coalesce(format_type(t.typbasetype, t.typtypmod), '')
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd')""",
    "extensions": "SELECT NULL, extname, extversion FROM pg_extension",
}


def django_tables() -> set[str]:
    """Tables (and their sequences) Django creates from models, not from schema.sql."""
    tables = {"django_migrations"}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed:
            tables.add(model._meta.db_table)
    return tables


def catalog(dbname: str) -> dict[str, set[tuple]]:
    """Every schema object of the database, by kind, leaving out Django's tables and the
    toolkit's triggers and functions (TOOLKIT_*)."""
    skip = django_tables()
    found = {}
    with psycopg.connect(**server_kwargs(dbname)) as conn:
        for kind, sql in CATALOG.items():
            rows = set()
            for owner, name, *definition in conn.execute(sql).fetchall():
                if owner in skip:
                    continue
                if kind == "triggers" and name in TOOLKIT_TRIGGERS:
                    continue
                if kind == "functions" and name in TOOLKIT_FUNCTIONS:
                    continue
                rows.add((owner, name, *definition))
            found[kind] = rows
    return found


def scratch_database(name: str) -> str:
    with psycopg.connect(**server_kwargs("postgres")) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(name: str) -> None:
    with psycopg.connect(**server_kwargs("postgres")) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(dbname: str, *, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url(dbname)},
        check=check,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def databases():
    """Two scratch databases on the test server: one migrated from nothing, one given
    schema.sql alone."""
    migrated = scratch_database(f"reelfake_migrated_{os.getpid()}")
    from_file = scratch_database(f"reelfake_from_file_{os.getpid()}")
    try:
        migrate(migrated)
        with psycopg.connect(**server_kwargs(from_file)) as conn:
            conn.execute(SCHEMA.read_text())
        yield {"migrated": migrated, "from_file": from_file}
    finally:
        drop_database(migrated)
        drop_database(from_file)


@pytest.fixture(scope="module")
def catalogs(databases):
    return {which: catalog(name) for which, name in databases.items()}


@pytest.mark.parametrize("kind", list(CATALOG))
def test_a_database_migrated_from_nothing_has_the_catalog_schema_sql_alone_gives(catalogs, kind):
    assert catalogs["from_file"][kind], f"schema.sql creates no {kind}: the query is wrong"
    assert catalogs["migrated"][kind] == catalogs["from_file"][kind]


def test_the_catalog_sees_the_schema_objects_that_moved_into_schema_sql(catalogs):
    indexes = {name for _, name, _ in catalogs["from_file"]["indexes"]}
    assert "inventory_store_in_stock_idx" in indexes


REPLACED = [
    name for _, name in import_module(f"reelfake.db.migrations.{SQUASH[1]}").Migration.replaces
]


@pytest.fixture
def recorded_at(databases):
    """A copy of the migrated database whose history records the given replaced migrations
    in place of the squash, as a database migrated before the squash recorded them, with
    the trigger 0013 added dropped: it comes back only if something runs schema.sql."""
    name = f"reelfake_recorded_{os.getpid()}"

    def make(names):
        with psycopg.connect(**server_kwargs("postgres")) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{databases["migrated"]}"')
        with psycopg.connect(**server_kwargs(name)) as conn:
            conn.execute("DELETE FROM django_migrations WHERE app = 'reelfake_schema'")
            for migration in names:
                conn.execute(
                    "INSERT INTO django_migrations (app, name, applied) "
                    "VALUES ('reelfake_schema', %s, now())",
                    [migration],
                )
            conn.execute("DROP TRIGGER movie_kept_pages_inserted ON movie")
        return name

    try:
        yield make
    finally:
        drop_database(name)


def schema_history(name: str) -> list[str]:
    with psycopg.connect(**server_kwargs(name)) as conn:
        rows = conn.execute(
            "SELECT name FROM django_migrations WHERE app = 'reelfake_schema' ORDER BY id"
        ).fetchall()
    return [row[0] for row in rows]


def has_trigger(name: str, trigger: str) -> bool:
    with psycopg.connect(**server_kwargs(name)) as conn:
        row = conn.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [trigger]).fetchone()
    return row is not None


def test_the_squash_replaces_the_thirteen_migrations_whose_files_are_gone():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert REPLACED == [
        "0001_schema",
        "0002_schema_indexes",
        "0003_rental_inventory_id_id_idx",
        "0004_rental_store_id",
        "0005_session_version",
        "0006_admin_rental_indexes",
        "0007_reference_changed",
        "0008_drop_reelfake_actor_name_index",
        "0009_counted_table_changed",
        "0010_kept_pages_changed",
        "0011_address_changed",
        "0012_movie_details_kept",
        "0013_movie_pages_kept",
    ]
    on_disk = [name for app, name in loader.disk_migrations if app == "reelfake_schema"]
    assert SQUASH[1] in on_disk
    assert set(on_disk) & set(REPLACED) == set()


def test_no_migration_depends_on_a_replaced_migration():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    replaced = {("reelfake_schema", name) for name in REPLACED}
    depending = [
        (key, dependency)
        for key, migration in loader.disk_migrations.items()
        for dependency in migration.dependencies
        if dependency in replaced
    ]
    assert depending == []


def test_a_database_that_applied_the_replaced_migrations_runs_nothing_and_records_the_squash(
    recorded_at,
):
    name = recorded_at(REPLACED)
    output = migrate(name).stdout
    assert "No migrations to apply." in output
    assert schema_history(name) == [*REPLACED, SQUASH[1]]
    assert not has_trigger(name, "movie_kept_pages_inserted")


def test_migrate_refuses_a_database_stopped_partway_through_the_replaced_migrations(
    recorded_at,
):
    """A database at 0009 (as /tmp/sbx-pgdata was): the old 0010-0013 would run today's
    schema.sql under their historical names, so migrate stops before running anything, with
    system check reelfake.E003 saying what to do, not a traceback."""
    name = recorded_at(REPLACED[:9])
    result = migrate(name, check=False)
    assert result.returncode == 1
    assert result.stderr == (
        "SystemCheckError: System check identified some issues:\n\nERRORS:\n"
        "?: (reelfake.E003) Database 'default' stopped partway through the migrations "
        "reelfake_schema.0001_squashed_0013_schema replaces: it applied 0001_schema, "
        "0002_schema_indexes, 0003_rental_inventory_id_id_idx, 0004_rental_store_id, "
        "0005_session_version, 0006_admin_rental_indexes, 0007_reference_changed, "
        "0008_drop_reelfake_actor_name_index, 0009_counted_table_changed but not "
        "0010_kept_pages_changed, 0011_address_changed, 0012_movie_details_kept, "
        "0013_movie_pages_kept, whose files are gone, so migrate cannot bring it to the "
        "schema.\n\tHINT: Drop and create the database, then run `manage.py migrate`. To "
        "keep its rows instead, run `manage.py migrate` with reelfake commit 6f158d7 (the "
        "last that has those migrations), then with this one.\n"
    )
    assert schema_history(name) == REPLACED[:9]
    assert not has_trigger(name, "movie_kept_pages_inserted")


def test_the_fix_for_the_embedded_database_names_its_data_folder_and_the_make_targets(
    settings,
):
    settings.EMBEDDED_DATABASE = True
    assert replaced_migrations_hint("default") == (
        f"It is the embedded database: `make db-stop`, delete {data_dir()}, then `make run` "
        "creates, migrates and seeds a new one (`make clean && make run` does it for the "
        "default .pgdata/, reinstalling .venv too). To keep its rows instead, run "
        "`manage.py migrate` with reelfake commit 6f158d7 (the last that has those "
        "migrations), then with this one."
    )


def _plan_from_nothing():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan = []
    for leaf in loader.graph.leaf_nodes():
        plan += [node for node in loader.graph.forwards_plan(leaf) if node not in plan]
    return loader, plan


def runs_the_file(code) -> bool:
    # By name: Django's migration loader reloads the migrations package, so the function
    # object may be a newer one than this module imported.
    return (code.__module__, code.__qualname__) == (apply_schema.__module__, "apply_schema")


def test_only_the_squash_runs_schema_sql_on_a_database_migrated_from_nothing():
    loader, plan = _plan_from_nothing()
    running_the_file = [
        node
        for node in plan
        for operation in loader.graph.nodes[node].operations
        if isinstance(operation, RunPython) and runs_the_file(operation.code)
    ]
    assert running_the_file == [SQUASH]


def test_schema_sql_changes_only_with_a_new_migration_recording_its_digest():
    """Edit schema.sql's statements, add a reelfake_schema migration with its own SQL that
    brings an existing database there, and record schema_digest(schema.sql) in it as
    SCHEMA_DIGEST (docs/testing.md "Schema and migrations")."""
    loader, _ = _plan_from_nothing()
    (latest,) = loader.graph.leaf_nodes("reelfake_schema")
    module = import_module(type(loader.graph.nodes[latest]).__module__)
    assert getattr(module, "SCHEMA_DIGEST", None) == schema_digest(SCHEMA.read_text())
