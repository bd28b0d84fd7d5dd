"""An existing reelfake database to measure on: PostgreSQL 15, name columns in citext.

Issue 16 measures every route on two databases: our defaults (the embedded server, our
schema) and an existing reelfake database, where reelfake's own setup script made the name
columns `citext` and our `migrate` then ran over it (README "Using an existing reelfake
database"). The embedded server has no citext extension, so this script builds the second
one in a throwaway PostgreSQL 15 cluster and prints its DATABASE_URL on the last line:

    .venv/bin/python bench/citext_world.py                  # large seed, ~6 minutes (seed 280 s)
    .venv/bin/python bench/citext_world.py --scale small    # 30 s
    DATABASE_URL=<printed url> .venv/bin/python bench/routes.py --rounds 3 --seconds 5 --markdown
    .venv/bin/python bench/citext_world.py --explain        # the name searches' plans again
    .venv/bin/python bench/citext_world.py --stop           # pg_ctl stop (--remove: and delete)

What it does, in order:
  1. initdb a cluster in bench/.citext-pgdata (git-ignored; unix socket in that folder, no
     TCP port) with Debian's PostgreSQL 15 (--pg-bin, default /usr/lib/postgresql/15/bin;
     `apt install postgresql-15 postgresql-contrib`), or use a server of yours that has
     citext (--admin-url postgres://user@host/postgres). The same server settings as the
     embedded one (reelfake/db/embedded.py SERVER_SETTINGS).
  2. (Re)creates the database, runs `manage.py migrate` and `manage.py seed --scale`.
  3. Makes it look like reelfake's database before we ever touched it: the columns reelfake's
     setup script declares citext (CITEXT_COLUMNS, plus the customer and staff names and
     emails docs/performance.md names) become citext under our indexes, reelfake's own
     plain b-tree indexes are added (REELFAKE_INDEXES: idx_actor_name, idx_movie_title, ...),
     and every table and column our migrations add is dropped (Django's tables, the stats
     tables, session_version), so nothing is left recorded as migrated.
  4. Runs `manage.py migrate` on it: the user path, which must succeed (it recreates what
     step 3 dropped and rebuilds the rental stats from the existing rentals), then
     VACUUM ANALYZE.
  5. EXPLAIN ANALYZE of the SQL the name searches run (taken from the views through
     Django's test client), and a non-zero exit if one reads most of the searched table:
     a sequential scan, or any scan with the pattern as a mere filter, such as an
     index-only scan of reelfake's plain b-tree on the name (scans_the_table;
     docs/performance.md "An existing reelfake database (PostgreSQL 15, citext)").

--reuse skips steps 2-4 when the database exists (explain and print the URL).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "bench" / ".citext-pgdata"
DEFAULT_PG_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "reelfake_citext"

# reelfake's own setup script (reelfake-docker-db scripts/02_setup_db.sql) declares these
# columns citext; the customer and staff names and emails are varchar there, but
# docs/performance.md names them too, so they are converted as well (the harder case: a
# citext column under our text indexes).
CITEXT_COLUMNS = {
    "country": ("country_name",),
    "city": ("city_name", "state_name"),
    "address": ("address_line", "postal_code"),
    "movie": ("title",),
    "actor": ("actor_name",),
    "customer": ("first_name", "last_name", "email"),
    "staff": ("first_name", "last_name", "email"),
}
# The plain b-tree indexes reelfake's setup script creates (on the citext columns too).
REELFAKE_INDEXES = {
    "idx_movie_title": "movie (title)",
    "idx_movie_release_date": "movie (release_date)",
    "idx_movie_actor_actor_id": "movie_actor (actor_id)",
    "idx_movie_actor_movie_id": "movie_actor (movie_id)",
    "idx_actor_name": "actor (actor_name)",
    "idx_address_line": "address (address_line)",
    "idx_postal_code": "address (postal_code)",
    "idx_city_name": "city (city_name)",
    "idx_state_name": "city (state_name)",
    "idx_country_name": "country (country_name)",
}
# What our migrations add to an existing reelfake database, removed in step 3.
ADDED_COLUMNS = {"customer": ("session_version",), "staff": ("session_version",)}

# The searches whose plans are checked: (request path, table that must not be seq-scanned).
STAFF_LOGIN = ("demostaff@example.com", "Demo1234!")
SEARCHES = [
    ("/api/actors?name=%25ann%25", "actor"),
    ("/api/actors?name=Tom%20Hanks", "actor"),
    ("/api/customers?first_name=%25ann%25", "customer"),
    ("/api/customers?last_name=%25son%25", "customer"),
    ("/api/movies?title=%25love%25", "movie"),
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(command: list[str], env: dict | None = None, user: str | None = None) -> None:
    log("$ " + " ".join(str(part) for part in command))
    subprocess.run(command, check=True, env=env, cwd=ROOT, user=user)


# -- the server ------------------------------------------------------------------------------


def pg_bin(args) -> Path:
    path = args.pg_bin or DEFAULT_PG_BIN
    if not (path / "initdb").exists():
        raise SystemExit(
            f"no PostgreSQL binaries in {path}: install PostgreSQL 15 with citext "
            "(Debian/Ubuntu: apt install postgresql-15 postgresql-contrib; the citext "
            "extension ships with the server package), pass --pg-bin <dir with initdb, "
            "pg_ctl>, or pass --admin-url postgres://user@host/postgres for a server of yours"
        )
    return path


def server_user() -> str | None:
    """PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` system
    user (Debian's packages create it)."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise SystemExit(
            "running as root: create a `postgres` system user, or run as another"
        ) from None
    return "postgres"


def local_url(folder: Path, database: str) -> str:
    return f"postgres://postgres@/{database}?host={quote(str(folder))}"


def start_cluster(args) -> None:
    """initdb (once) and start the throwaway cluster; unix socket only, in the folder."""
    from reelfake.db.embedded import SERVER_SETTINGS

    binaries = pg_bin(args)
    folder = args.dir.resolve()
    data = folder / "data"
    user = server_user()
    if not (data / "PG_VERSION").exists():
        folder.mkdir(parents=True, exist_ok=True)
        if user:
            shutil.chown(folder, user, user)
        run(
            [
                binaries / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],  # fmt: skip
            user=user,
        )
    status = subprocess.run(
        [binaries / "pg_ctl", "-D", data, "status"], capture_output=True, user=user
    )
    if status.returncode == 0:
        return
    options = [f"-k {folder}", "-c listen_addresses=''"]
    options += [f"-c {name}={value}" for name, value in SERVER_SETTINGS.items()]
    run(
        [
            binaries / "pg_ctl",
            "-D",
            data,
            "-l",
            folder / "server.log",
            "-w",
            "-o",
            " ".join(options),
            "start",
        ],  # fmt: skip
        user=user,
    )


def stop_cluster(args) -> None:
    binaries = pg_bin(args)
    data = args.dir.resolve() / "data"
    if (data / "PG_VERSION").exists():
        subprocess.run(
            [binaries / "pg_ctl", "-D", data, "-m", "fast", "stop"], check=False, user=server_user()
        )
    if args.remove and args.dir.exists():
        shutil.rmtree(args.dir)
        log(f"removed {args.dir}")


def admin_and_world_urls(args) -> tuple[str, str]:
    if args.admin_url:
        parts = urlsplit(args.admin_url)
        world = urlunsplit(parts._replace(path="/" + args.database))
        return args.admin_url, world
    folder = args.dir.resolve()
    return local_url(folder, "postgres"), local_url(folder, args.database)


def connect(url: str):
    import psycopg

    from reelfake.env import parse_database_url

    entry = parse_database_url(url)
    return psycopg.connect(
        host=entry["HOST"] or None,
        port=entry["PORT"] or None,
        user=entry["USER"] or None,
        password=entry["PASSWORD"] or None,
        dbname=entry["NAME"],
        autocommit=True,
        **entry["OPTIONS"],
    )


# -- the world -------------------------------------------------------------------------------


def manage(url: str, *arguments: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    run([sys.executable, "manage.py", *arguments], env=env)


def create_database(admin_url: str, database: str) -> None:
    with connect(admin_url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        citext = conn.execute(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'citext'"
        ).fetchone()
        if citext is None:
            raise SystemExit(f"PostgreSQL {version} at {admin_url} has no citext extension")
        log(f"PostgreSQL {version}: (re)creating database {database}")
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')


def make_existing(url: str) -> None:
    """Step 3: citext columns, reelfake's own indexes, nothing of ours recorded."""
    from reelfake.db.seeding.load import TABLES

    with connect(url) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS citext")
        # Our statement triggers that fire on UPDATE OF named columns (schema.sql) pin those
        # columns' type; they are ours, not reelfake's, and `migrate` recreates them.
        pinned = conn.execute(
            "SELECT tgname, tgrelid::regclass::text FROM pg_trigger"
            " WHERE NOT tgisinternal AND cardinality(tgattr::int2[]) > 0"
        ).fetchall()
        for name, table in pinned:
            conn.execute(f'DROP TRIGGER "{name}" ON {table}')
        for table, columns in CITEXT_COLUMNS.items():
            started = time.monotonic()
            # One ALTER per table: PostgreSQL rewrites it once and rebuilds its indexes
            # (ours, e.g. the trigram ones) over the citext columns.
            alters = ", ".join(f"ALTER COLUMN {column} TYPE citext" for column in columns)
            conn.execute(f"ALTER TABLE {table} {alters}")
            log(f"{table}: {', '.join(columns)} -> citext ({time.monotonic() - started:.1f} s)")
        for name, target in REELFAKE_INDEXES.items():
            conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
        for table, columns in ADDED_COLUMNS.items():
            for column in columns:
                conn.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}")
        ours = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            if name not in TABLES
        ]
        log(f"dropping what our migrations add: {', '.join(sorted(ours))}")
        for name in ours:
            conn.execute(f'DROP TABLE IF EXISTS "{name}" CASCADE')
        kinds = conn.execute(
            "SELECT table_name || '.' || column_name || ' ' || udt_name"
            " FROM information_schema.columns WHERE udt_name = 'citext' ORDER BY 1"
        ).fetchall()
        log("citext columns: " + ", ".join(row[0].split(" ")[0] for row in kinds))


def vacuum(url: str) -> None:
    with connect(url) as conn:
        started = time.monotonic()
        conn.execute("VACUUM (ANALYZE)")
        log(f"VACUUM ANALYZE: {time.monotonic() - started:.1f} s")


def database_exists(admin_url: str, database: str) -> bool:
    with connect(admin_url) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        return row.fetchone() is not None


# -- the check -------------------------------------------------------------------------------


def scans_the_table(plan: str, table: str, rows: int) -> str | None:
    """Whether a plan reads (nearly) every row of the searched table to apply the pattern:
    a sequential scan, or any scan (e.g. an index-only scan of a plain b-tree on the name)
    where the pattern is only a filter that removes more than half the table. A page query
    walking the primary key until it has 50 matches removes far fewer and is fine. Tables
    under 10,000 rows (the tiny and small seeds' customers) are never flagged."""
    if rows < 10_000:
        return None
    lines = plan.splitlines()
    for number, line in enumerate(lines):
        removed = re.search(r"Rows Removed by Filter: (\d+)", line)
        if not removed or int(removed.group(1)) < rows / 2:
            continue
        scan = next(
            (above for above in reversed(lines[:number]) if re.search(r"Scan .*\bon \w+", above)),
            "",
        )
        if "~~*" in lines[number - 1] and re.search(rf"\bon {table}\b", scan):
            kind = re.search(r"(\w[\w ]*Scan(?: using \w+)?) on", scan)
            return (
                f"{kind.group(1) if kind else 'a scan'} reads {removed.group(1)} of {table}'s rows"
            )
    return None


def explain(url: str) -> bool:
    """EXPLAIN ANALYZE the SQL each name search runs; False if one seq-scans its table."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelfake.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 32)
    os.environ.setdefault("JWT_SECRET", "bench-only-jwt-secret-" + "x" * 32)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    email, password = STAFF_LOGIN
    response = client.post(
        "/api/auth/login", {"email": email, "password": password}, content_type="application/json"
    )
    if response.status_code != 200:
        raise SystemExit(f"staff login failed: HTTP {response.status_code} {response.content!r}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname || '.' || a.attname || ': ' || format_type(a.atttypid, a.atttypmod)"
            " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE c.relname IN ('actor', 'customer', 'movie') AND a.attname IN"
            " ('actor_name', 'first_name', 'last_name', 'title') ORDER BY 1"
        )
        print("\n".join(row[0] for row in cursor.fetchall()))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relname = ANY(%s)",
            [sorted({table for _, table in SEARCHES})],
        )
        rows = dict(cursor.fetchall())
    ok = True
    for path, table in SEARCHES:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        print(f"\n## GET {path} -> HTTP {response.status_code}")
        if response.status_code != 200:
            # 404 is the contract's answer to a search that matches nothing.
            print(response.content.decode()[:500])
            ok = ok and response.status_code == 404
        searched = [query["sql"] for query in captured.captured_queries if "ILIKE" in query["sql"]]
        if not searched:
            print("(no ILIKE query ran)")
            ok = False
        for sql in searched:
            print(f"\n{sql}\n")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(plan)
            problem = scans_the_table(plan, table, rows[table])
            if problem:
                print(f"!! {problem}: the name search uses no index")
                ok = False
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=("tiny", "small", "large"), default="large")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="cluster folder")
    parser.add_argument("--pg-bin", type=Path, help=f"default {DEFAULT_PG_BIN}")
    parser.add_argument("--admin-url", help="an existing server with citext, instead of initdb")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--reuse", action="store_true", help="keep the database if it exists")
    parser.add_argument("--explain", action="store_true", help="only check the plans")
    parser.add_argument("--stop", action="store_true", help="stop the throwaway cluster")
    parser.add_argument("--remove", action="store_true", help="with --stop: delete its folder")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    if args.stop:
        stop_cluster(args)
        return
    if not args.admin_url:
        start_cluster(args)
    admin_url, url = admin_and_world_urls(args)
    prepare = not args.explain and not (args.reuse and database_exists(admin_url, args.database))
    if prepare:
        started = time.monotonic()
        create_database(admin_url, args.database)
        manage(url, "migrate", "--no-input", "-v", "0")
        seeded = time.monotonic()
        manage(url, "seed", "--scale", args.scale)
        log(f"seed --scale {args.scale}: {time.monotonic() - seeded:.0f} s")
        make_existing(url)
        migrated = time.monotonic()
        manage(url, "migrate", "--no-input")  # the user path on an existing database
        log(f"migrate on the existing database: {time.monotonic() - migrated:.0f} s")
        vacuum(url)
        log(f"prepared in {time.monotonic() - started:.0f} s")
    ok = explain(url)
    print(f"\nDATABASE_URL={url}")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
