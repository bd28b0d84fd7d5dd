"""Sandbox timings, in this process through Django's test client, against the database the
settings name (the embedded one unless DATABASE_URL is set): creation cold (cloned from the
template) and warm (taken from the pool), reset (from the pool and in place), the routing
overhead on catalog reads (the same pages in the main world and in a sandbox), the disk one
sandbox takes, and with --many N, catalog read throughput across N live sandboxes against one.

    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed --if-empty
    .venv/bin/python bench/sandboxes.py                 # template: SANDBOX_SEED_SCALE (small)
    .venv/bin/python bench/sandboxes.py --many 200

Sandboxes it creates are deleted and purged at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelfake.settings")

import django  # noqa: E402

django.setup()

import cpu_per_request  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from reelfake.db import worlds  # noqa: E402
from reelfake.db.seeding import (  # noqa: E402
    DEMO_CUSTOMER_EMAIL,
    DEMO_MANAGER_EMAIL,
    DEMO_PASSWORD,
)
from sandboxes import routes, services  # noqa: E402
from sandboxes.models import Sandbox  # noqa: E402
from sandboxes.selectors import key_hash  # noqa: E402

MOVIE = {
    "tmdbId": 442417,
    "imdbId": "tt1234567",
    "title": "The Wizard",
    "originalTitle": "Volshebnik",
    "overview": "A young magician.",
    "runtime": 104,
    "releaseDate": "2025-01-01",
    "genres": ["Drama"],
    "countriesOfOrigin": ["ru"],
    "language": "RU",
    "movieStatus": "Released",
    "popularity": 5.5,
    "budget": 1000000,
    "revenue": "2500000",
    "ratingAverage": 7.45,
    "ratingCount": 67,
    "posterUrl": "https://image.tmdb.org/t/p/w500/x.jpg",
    "rentalRate": 4.99,
}

SETTINGS = {
    "REELFAKE_SANDBOXES": True,
    "SANDBOX_BACKGROUND": False,
    "SANDBOX_CREATES_PER_HOUR": 100_000,
    "SANDBOX_MAX": 100_000,
    "SANDBOX_POOL_SIZE": 0,
    "ALLOWED_HOSTS": ["*"],
}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def summary(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"  {name:<34} n={len(times):<4} median {ms(statistics.median(times))}  "
        f"p95 {ms(p95)}  max {ms(times[-1])}"
    )


def ratio_spread(ratios: list[float]) -> str:
    """Per-block ratios (a world's time over the main world's for the same block) as the
    median, its quartiles and the geometric mean, in percent over 1."""
    low, median, high = statistics.quantiles(ratios, n=4)
    mean = math.exp(statistics.fmean(math.log(ratio) for ratio in ratios))
    return (
        f"median {(median - 1) * 100:+.1f}%, quartiles {(low - 1) * 100:+.1f}% to "
        f"{(high - 1) * 100:+.1f}%, geometric mean {(mean - 1) * 100:+.1f}%"
    )


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def create(client: Client) -> dict:
    response = client.post("/api/sandboxes")
    if response.status_code != 201:
        raise SystemExit(f"create: {response.status_code} {response.content[:200]!r}")
    return response.json()


def disk_per_sandbox(schema: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
            [schema],
        )
        return int(cursor.fetchone()[0])


def backend_memory() -> str:
    """What this connection's database server process holds: its catalog caches (the tables
    and indexes of every world it served) and its prepared statements' plans (one per
    statement and sandbox, reelfake/db/compiled.py PreparedQuery)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(total_bytes) FILTER (WHERE name = 'CacheMemoryContext'), 0), "
            "coalesce(sum(total_bytes) FILTER (WHERE name LIKE 'CachedPlan%%'), 0), "
            "sum(total_bytes) FROM pg_backend_memory_contexts"
        )
        catalog, plans, total = (int(value) / 1024 / 1024 for value in cursor.fetchone())
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        statements = cursor.fetchone()[0]
    return (
        f"{total:.0f} MB, catalog caches {catalog:.0f} MB, cached plans {plans:.0f} MB "
        f"({statements} prepared statements)"
    )


def catalog_paths(count: int, rng: random.Random) -> list[str]:
    paths = []
    for _ in range(count):
        kind = rng.choice(["movies", "actors", "movie", "genres"])
        if kind == "movies":
            paths.append(f"/api/movies?page={rng.randint(1, 40)}")
        elif kind == "actors":
            paths.append(f"/api/actors?page={rng.randint(1, 40)}")
        elif kind == "movie":
            paths.append(f"/api/movies/{rng.randint(1, 2000)}")
        else:
            paths.append("/api/genres")
    return paths


def read_all(client: Client, prefix: str, paths: list[str]) -> float:
    started = time.perf_counter()
    for path in paths:
        response = client.get(prefix + path)
        if response.status_code not in (200, 404):
            raise SystemExit(f"{prefix}{path}: {response.status_code}")
    return time.perf_counter() - started


def _read_once(application, path: str, key: str | None) -> None:
    environ = cpu_per_request.environ_for(path)
    if key is not None:
        environ["HTTP_X_REELFAKE_SANDBOX"] = key
    result = application(environ, lambda status, headers, exc_info=None: None)
    for _ in result:
        pass
    result.close()


def in_process(target: str, paths: list[str], rounds: int, rng: random.Random) -> None:
    """The routing overhead without the test client and the wall clock: each block of 20
    paths goes through the WSGI application (every middleware, as bench/cpu_per_request.py)
    in the main world, in the sandbox by its path prefix and in the sandbox by the
    X-Reelfake-Sandbox header, and in the main world again (the measure's own bias and
    spread where nothing differs), one right after the other in random order. Per arm: the CPU
    this thread spent (time.thread_time), the CPU of the database server process that
    answered (from /proc, 10 ms ticks: summed over every block), and the wall time. CPU
    time is what a request costs the machine whatever else runs on it; on a loaded machine
    the wall clock also counts the waits for a core, two per round trip to the database.
    The header arm enters the same world without the prefix's handling (the path rewrite,
    the script prefix, the cookies' paths, the key masked in the log line): the difference
    between the two arms is what the prefix costs."""
    from reelfake.wsgi import application

    for handler in logging.getLogger().handlers:  # log lines formatted, not written
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115
    key = target.removeprefix("/sandbox/")
    # "again": the main world once more, the measure's own bias and spread (no difference).
    arms = {
        "main": ("", None),
        "sandbox": (target, None),
        "header": ("", key),
        "again": ("", None),
    }
    for prefix, header in arms.values():
        for path in paths[:100]:
            _read_once(application, prefix + path, header)
    gc.collect()
    gc.freeze()
    cpu = {name: [] for name in arms}
    wall = {name: [] for name in arms}
    server = {name: 0.0 for name in arms}
    server_reads = {name: 0 for name in arms}
    ratios = {name: [] for name in ("sandbox", "header", "again")}
    extras = {name: [] for name in ratios}  # per block: µs per read over the main world's
    for _ in range(rounds):
        for first in range(0, len(paths), 20):
            block = paths[first : first + 20]
            pair = {}
            order = list(arms.items())
            rng.shuffle(order)
            for name, (prefix, header) in order:
                pid = cpu_per_request.database_backend_pid()
                before = cpu_per_request.process_cpu_seconds(pid) if pid else None
                cpu_started, started = time.thread_time(), time.perf_counter()
                for path in block:
                    _read_once(application, prefix + path, header)
                pair[name] = time.thread_time() - cpu_started
                cpu[name].append(pair[name] / len(block))
                wall[name].append((time.perf_counter() - started) / len(block))
                if before is not None and cpu_per_request.database_backend_pid() == pid:
                    server[name] += cpu_per_request.process_cpu_seconds(pid) - before
                    server_reads[name] += len(block)
            for name in ratios:
                ratios[name].append(pair[name] / pair["main"])
                extras[name].append((pair[name] - pair["main"]) / len(block))
    gc.unfreeze()

    def us(seconds: float) -> str:
        return f"{seconds * 1e6:6.0f} µs"

    labels = {
        "main": "main world",
        "sandbox": "sandbox",
        "header": "by header",
        "again": "main again",
    }
    for name in arms:
        database = (
            f"  database {us(server[name] / server_reads[name])}" if server_reads[name] else ""
        )
        against = ""
        if name in ratios:
            extra = statistics.median(extras[name])
            against = (
                f"  ({extra * 1e6:+.0f} µs, the median of {len(ratios[name])} blocks' own "
                f"differences; CPU ratios {ratio_spread(ratios[name])})"
            )
        print(
            f"    {labels[name]:<11} CPU {us(statistics.median(cpu[name]))} per read{database}"
            f"  wall {us(statistics.median(wall[name]))}{against}"
        )


def reset_bench(client: Client, target: str, created_key: str, resets: int) -> None:
    print("reset")
    services.pool_fill(size=resets)
    swapped = [timed(lambda: client.post(f"{target}/api/sandbox/reset"))[0] for _ in range(resets)]
    summary("from the pool (schema swap)", swapped)
    # In place: only the tables written since the last copy (and those their foreign keys
    # bind to them) are copied again; a new movie takes the movie table and every table
    # referencing it, about half the rows of the data set.
    manager = Client()
    login = {"email": DEMO_MANAGER_EMAIL, "password": DEMO_PASSWORD}
    after_movie, after_cart = [], []
    for _ in range(resets):
        manager.post(f"{target}/api/auth/login", login, content_type="application/json")
        movie = manager.post(f"{target}/api/movies", MOVIE, content_type="application/json")
        if movie.status_code != 201:
            raise SystemExit(f"movie: {movie.status_code} {movie.content[:200]!r}")
        after_movie.append(timed(lambda: client.post(f"{target}/api/sandbox/reset"))[0])
        customer = Client()
        customer.post(
            f"{target}/api/auth/login",
            {"email": DEMO_CUSTOMER_EMAIL, "password": DEMO_PASSWORD},
            content_type="application/json",
        )
        added = customer.post(f"{target}/api/cart", {"movieId": 1}, content_type="application/json")
        if added.status_code != 201:
            raise SystemExit(f"cart: {added.status_code} {added.content[:200]!r}")
        after_cart.append(timed(lambda: client.post(f"{target}/api/sandbox/reset"))[0])
    summary("in place, after a new movie", after_movie)
    summary("in place, after a cart row", after_cart)
    target_schema = Sandbox.objects.get(key_hash=key_hash(created_key)).schema_name
    every = [timed(lambda: worlds.fill_world(target_schema))[0] for _ in range(resets)]
    summary("in place, every table (worst case)", every)


class Decomposed:
    """--decompose: what each mode's reads cost besides their time, counted per mode: the
    queries sent (and of them PREPAREs, sandbox touches, the time they took in the database
    round trip), the kept movie pages and details found in memory or not, and the sandbox
    answers replayed (bench only: wrappers around the connection and the stores)."""

    FIELDS = ("queries", "prepares", "touches", "db_seconds", "kept_hits", "kept_misses")

    def __init__(self):
        self.mode = None
        self.counts = {}

    def __enter__(self):
        from reelfake import kept_pages

        self._connection_wrapper = connection.execute_wrapper(self._execute)
        self._connection_wrapper.__enter__()
        store = kept_pages._kept
        original = store.find

        def find(key):
            value, generation = original(key)
            self._add("kept_hits" if value is not None else "kept_misses", 1)
            return value, generation

        self._patch = mock.patch.object(store, "find", find)
        self._patch.__enter__()
        return self

    def __exit__(self, *exc):
        self._patch.__exit__(*exc)
        self._connection_wrapper.__exit__(*exc)

    def _add(self, field, value):
        if self.mode is not None:
            counts = self.counts.setdefault(self.mode, dict.fromkeys(self.FIELDS, 0))
            counts[field] += value

    def _execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self._add("db_seconds", time.perf_counter() - started)
            self._add("queries", 1)
            if "PREPARE " in sql:
                self._add("prepares", 1)
            if sql.startswith('UPDATE "sandbox"'):
                self._add("touches", 1)

    def report(self, reads: int, target_schema: str) -> None:
        print("  per read, by mode (--decompose):")
        # Plans of the prepared statements so far (custom: planned at that execution), the
        # target sandbox's own statements apart from the other sandboxes'.
        kept = getattr(connection, "reelfake_prepared_worlds", {})
        names = {entry[0]: world for (_, world), entry in kept.items()}
        plans = {"target": [0, 0], "others": [0, 0]}
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, generic_plans, custom_plans FROM pg_prepared_statements")
            for name, generic, custom in cursor.fetchall():
                world = names.get(name)
                if world is not None:
                    side = plans["target" if world == target_schema else "others"]
                    side[0] += generic
                    side[1] += custom
        print(
            "    prepared statements' executions so far, generic/custom plans: the one "
            f"sandbox {plans['target'][0]}/{plans['target'][1]}, "
            f"the others {plans['others'][0]}/{plans['others'][1]}"
        )
        for mode, counts in self.counts.items():
            print(
                f"    {mode:<7} queries {counts['queries'] / reads:5.2f}  "
                f"prepares {counts['prepares'] / reads:5.3f}  "
                f"touches {counts['touches']}  "
                f"database {counts['db_seconds'] / reads * 1e6:6.0f} µs  "
                f"kept pages hit {counts['kept_hits'] / reads:5.2f} "
                f"missed {counts['kept_misses'] / reads:5.2f}"
            )


# (where the reads go, whether movie pages and details are kept) of many_throughput's arms.
ARMS = (("one", "kept"), ("spread", "kept"), ("one", "unkept"), ("spread", "unkept"))

# What the database did, in this order (Database.counts): the pages the bench's own
# server process found in shared buffers or read (PostgreSQL 18's per-backend I/O
# statistics), and pg_stat_database's transactions and rows (every process of the database:
# nothing else should run during the rounds, which the rounds' report checks).
DATABASE_COUNTS = ("blks_hit", "blks_read", "xact_commit", "tup_returned", "tup_fetched")
# Catalog tables DDL writes (a clone, a drop, a pool refill) and ANALYZE writes
# (pg_statistic): rows written to them during a timed round send invalidations to every
# backend's catalog caches.
CATALOG_TABLES = (
    "pg_class",
    "pg_attribute",
    "pg_statistic",
    "pg_namespace",
    "pg_index",
    "pg_type",
    "pg_depend",
    "pg_constraint",
    "pg_trigger",
)


class Database:
    """Counts of what the database did, read on the bench's own connection. Each reading is
    itself a few statements: `overhead` (measured at start, the median of 9 readings one
    right after the other) is taken off every difference."""

    def __init__(self):
        self.overhead = (0,) * len(DATABASE_COUNTS)
        readings = [self.counts() for _ in range(10)]
        self.overhead = tuple(
            statistics.median(b[i] - a[i] for a, b in zip(readings, readings[1:], strict=False))
            for i in range(len(DATABASE_COUNTS))
        )

    @staticmethod
    def counts() -> tuple[int, ...]:
        """pg_stat_database's counts (this connection's own flushed first)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT io.hits, io.reads, xact_commit, tup_returned, tup_fetched "
                "FROM pg_stat_database, (SELECT coalesce(sum(hits), 0) AS hits, "
                "coalesce(sum(reads), 0) AS reads "
                "FROM pg_stat_get_backend_io(pg_backend_pid())) AS io "
                "WHERE datname = current_database()"
            )
            return tuple(int(value) for value in cursor.fetchone())

    def since(self, before: tuple[int, ...]) -> tuple[int, ...]:
        now = self.counts()
        return tuple(n - b - o for n, b, o in zip(now, before, self.overhead, strict=True))

    @staticmethod
    def background() -> dict[str, int]:
        """Server-wide, for a round: rows written to the catalog tables (DDL, ANALYZE) and
        autovacuum / autoanalyze runs finished, by any process (their counts reach the
        statistics when that process reports them: at the latest when it goes idle)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
                "FROM pg_stat_sys_tables WHERE schemaname = 'pg_catalog' AND relname = ANY(%s)",
                [list(CATALOG_TABLES)],
            )
            catalog = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT coalesce(sum(autovacuum_count), 0), coalesce(sum(autoanalyze_count), 0) "
                "FROM pg_stat_all_tables"
            )
            vacuums, analyzes = (int(value) for value in cursor.fetchone())
        return {"catalog rows": catalog, "autovacuums": vacuums, "autoanalyzes": analyzes}

    @staticmethod
    def others() -> list[str]:
        """What other server processes of this database are doing right now (autovacuum
        workers included): one entry each, empty when nothing else runs."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT backend_type, left(query, 60) FROM pg_stat_activity "
                "WHERE pid <> pg_backend_pid() AND (datname = current_database() "
                "OR backend_type = 'autovacuum worker') "
                "AND (state = 'active' OR backend_type = 'autovacuum worker')"
            )
            return [f"{kind}: {query}" for kind, query in cursor.fetchall()]


def quartiles(values: list[float]) -> str:
    """Median (quartiles) of throughput changes, in percent."""
    if len(values) < 2:
        return f"{values[0] * 100:+.1f}%"
    low, median, high = statistics.quantiles(values, n=4)
    return f"{median * 100:+.1f}% (quartiles {low * 100:+.1f}% to {high * 100:+.1f}%)"


def warm_paths(paths: list[str]) -> list[str]:
    """Six paths of each kind of read (the first found; /api/genres six times): in every
    sandbox, every statement the rounds run is prepared, its tables' catalog entries loaded,
    and run past the five custom plans PostgreSQL makes before it settles on a prepared
    statement's generic plan (each a full planning, 0.2-0.9 ms)."""
    kinds: dict[str, list[str]] = {}
    for path in paths:
        found = kinds.setdefault(path.split("?")[0].rstrip("0123456789"), [])
        if len(found) < 6:
            found.append(path)
    return [path for found in kinds.values() for path in (found * 6)[:6]]


def plans_made() -> tuple[int, int]:
    """Generic and custom plans made so far by this connection's prepared statements."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) "
            "FROM pg_prepared_statements"
        )
        return tuple(int(value) for value in cursor.fetchone())


def many_throughput(client, target, prefixes, paths, args, rng) -> None:
    """Catalog reads spread over every sandbox of `prefixes` against the same reads in the
    one sandbox `target`, interleaved in blocks of 20 (the four arms of each block in random
    order). Reported: the median and quartiles of the blocks' own ratios (each block read in
    every arm within a second: the machine's load drifts alike), the rounds' ratios, and per
    arm what the database did (pg_stat_database per read: transactions, pages read and hit,
    rows); per round, whatever ran beside the reads (rows written to the catalog: DDL such as
    a pool refill, ANALYZE; autovacuum runs; other active server processes; pool fills or
    clones in this process). The bench's reads run on one database connection (Django's test
    client never closes it): its server process is checked to be the same in every block.

    Each pair is read twice: as served, and like for like. As served, a movie page or detail
    read again is often answered from memory (reelfake/kept_pages.py, at most
    REELFAKE_KEPT_PAGES in the process): sandboxes still holding the template's rows share the
    template's pages, so spread over many they find them as often as one does; with
    --changed every sandbox keeps its own, and the same reads spread over many sandboxes are
    almost never read twice in one: that difference is the memory's, not the database's.
    Like for like, no page is kept in either (the kept pages turned off for those arms only):
    what reading many sandboxes' copies of the data costs the database (docs/sandboxes.md
    "Many live sandboxes", "Pages shared by unchanged sandboxes").

    Before the rounds, unless --cold-many, every sandbox (the one included) reads a block of
    paths with every kind of read in it (warm_paths), then one untimed round block per arm:
    a database connection plans its first query on a sandbox it has not served with that
    sandbox's tables and indexes loaded into its catalog cache, and the first reads of a
    fresh clone's pages miss shared buffers: a cost per connection and sandbox, reported
    apart ("first reads"), not the steady state the rounds compare."""
    from reelfake import kept_pages

    if args.changed:
        for prefix in {target, *prefixes}:
            key = prefix.removeprefix("/sandbox/")
            schema = Sandbox.objects.get(key_hash=key_hash(key)).schema_name
            with connection.cursor() as cursor:
                cursor.execute(f'UPDATE "{schema}".movie SET title = title WHERE id = 1')
    database = Database()
    unkept = mock.patch.object(kept_pages._kept, "_on", lambda: False)
    if not args.cold_many:
        warm = warm_paths(paths)
        before = database.counts()
        started = time.perf_counter()
        # Kept pages off: each sandbox's own statements are warmed (the like-for-like arms run
        # them; as served, unchanged sandboxes build their movie pages in the template).
        with unkept:
            for prefix in prefixes:
                read_all(client, prefix, warm)
        seconds = time.perf_counter() - started
        # Then as served: each route is looked at for the template's rows (a route looked up
        # with kept pages off is looked at by its first request with them on: one query per
        # sandbox, not the rounds'), and the template's statements warmed for the shared pages.
        for prefix in prefixes:
            read_all(client, prefix, warm)
        done = database.since(before)
        count = len(warm) * len(prefixes)
        print(
            f"  first reads     {count / seconds:7.0f} reads/s  "
            f"{done[1] / count:5.1f} pages read per read  "
            f"({len(warm)} reads in each of {len(prefixes)} sandboxes, before the rounds)"
        )
        for mode, kept in ARMS:  # one untimed block per arm
            with unkept if kept == "unkept" else contextlib.nullcontext():
                for path in paths[:20]:
                    client.get((target if mode == "one" else rng.choice(prefixes)) + path)
    backend = connection.connection.info.backend_pid
    plans_before = plans_made()
    lost_blocks = dict.fromkeys(ARMS, 0)
    spent = {arm: [] for arm in ARMS}
    blocks = {arm: [] for arm in ARMS}
    did = {arm: [0] * len(DATABASE_COUNTS) for arm in ARMS}
    backgrounds, others_seen, switched_backend = [], [], 0
    decomposed = Decomposed() if args.decompose else None
    if decomposed is not None:
        decomposed.__enter__()
    fills = mock.patch.object(services, "pool_fill", wraps=services.pool_fill)
    clones = mock.patch.object(worlds, "clone_world", wraps=worlds.clone_world)
    fill_calls, clone_calls = fills.start(), clones.start()
    for _ in range(args.rounds):
        rounds = dict.fromkeys(ARMS, 0.0)
        background = database.background()
        others = []
        for first in range(0, len(paths), 20):
            block = paths[first : first + 20]
            order = list(ARMS)
            rng.shuffle(order)
            times = {}
            for arm in order:
                mode, kept = arm
                if kept == "unkept":
                    unkept.start()
                if decomposed is not None:
                    decomposed.mode = f"{mode} {kept}"
                before = database.counts()
                started = time.perf_counter()
                for path in block:
                    prefix = target if mode == "one" else rng.choice(prefixes)
                    client.get(prefix + path)
                    if args.server_connections:  # as a server's request_finished does
                        connection.close_if_unusable_or_obsolete()
                times[arm] = time.perf_counter() - started
                if decomposed is not None:
                    decomposed.mode = None
                if kept == "unkept":
                    unkept.stop()
                if connection.connection is None:  # closed by the last request (CONN_MAX_AGE)
                    connection.ensure_connection()
                if connection.connection.info.backend_pid != backend:
                    # A new server process: its own counts start at 0; this block's are lost.
                    switched_backend += 1
                    backend = connection.connection.info.backend_pid
                    plans_before = (0, 0)
                    lost_blocks[arm] += 1
                    database.counts()
                else:
                    for i, value in enumerate(database.since(before)):
                        did[arm][i] += value
            others.extend(database.others())
            for arm in ARMS:
                rounds[arm] += times[arm]
                blocks[arm].append(times[arm])
        after = database.background()
        backgrounds.append({name: after[name] - background[name] for name in after})
        others_seen.append(others)
        for arm in ARMS:
            spent[arm].append(rounds[arm])
    fills.stop()
    clones.stop()
    generic, custom = (now - then for now, then in zip(plans_made(), plans_before, strict=True))
    if decomposed is not None:
        decomposed.__exit__(None, None, None)
    reads = args.reads * args.rounds
    if decomposed is not None:
        key = target.removeprefix("/sandbox/")
        decomposed.report(reads, Sandbox.objects.get(key_hash=key_hash(key)).schema_name)
    print(
        f"  beside the rounds: one database connection (server process {backend}, "
        f"{switched_backend} changes of process during the rounds"
        + (
            f": closed at CONN_MAX_AGE={connection.settings_dict['CONN_MAX_AGE']} s as a "
            "server does"
            if args.server_connections
            else ""
        )
        + f"); pool fills {fill_calls.call_count}, clones {clone_calls.call_count} in this "
        f"process; prepared statements' plans made during the rounds (since the last change "
        f"of process): {generic} generic, {custom} custom"
    )
    for number, (background, others) in enumerate(
        zip(backgrounds, others_seen, strict=True), start=1
    ):
        seen = ", ".join(sorted(set(others))) or "nothing"
        print(
            f"    round {number}: catalog rows written {background['catalog rows']}, "
            f"autovacuums {background['autovacuums']}, autoanalyzes "
            f"{background['autoanalyzes']}; other server processes seen active after "
            f"{len(others)} of {len(paths) // 20} blocks: {seen}"
        )
    headings = {
        "kept": "as served (kept movie pages and details: an unchanged sandbox's are the "
        "template's, shared by all; a changed one's its own, where spread over many, reads "
        "rarely repeat in one sandbox)",
        "unkept": "like for like (no movie page or detail kept in either: the database's "
        "share of the difference)",
    }
    for kept, heading in headings.items():
        one_arm, spread_arm = ("one", kept), ("spread", kept)
        one = statistics.median(spent[one_arm])
        spread = statistics.median(spent[spread_arm])
        by_block = [o / s - 1 for o, s in zip(blocks[one_arm], blocks[spread_arm], strict=True)]
        by_round = [o / s - 1 for o, s in zip(spent[one_arm], spent[spread_arm], strict=True)]
        print(f"  {heading}")
        for label, arm in (("one sandbox", one_arm), (f"{len(prefixes)} sandboxes", spread_arm)):
            counts = dict(zip(DATABASE_COUNTS, did[arm], strict=True))
            counted = reads - lost_blocks[arm] * 20  # per read: the blocks counted
            print(
                f"    {label:<15} {args.reads / statistics.median(spent[arm]):7.0f} reads/s  "
                f"per read: transactions {counts['xact_commit'] / counted:4.2f}, "
                f"pages hit {counts['blks_hit'] / counted:6.1f}, "
                f"read {counts['blks_read'] / counted:5.2f}, "
                f"rows returned {counts['tup_returned'] / counted:7.0f}, "
                f"fetched {counts['tup_fetched'] / counted:6.0f}"
            )
        print(
            f"    spread over one: {(one / spread - 1) * 100:+.1f}% by the median rounds; "
            f"{len(by_block)} blocks' ratios {quartiles(by_block)}; "
            f"{len(by_round)} rounds' {quartiles(by_round)}\n"
            "    per round: " + " ".join(f"{value * 100:+.0f}%" for value in by_round)
        )
    remembered = list(routes._routes.entries.values())
    print(
        f"  sandboxes sharing the template's kept pages after the rounds: "
        f"{sum(1 for entry in remembered if entry.copy_of is not None)} of {len(remembered)} "
        "remembered (a sandbox whose data set was written keeps its own)"
    )
    print(f"  the database connection's server process after the rounds: {backend_memory()}")


def database_only(client, target, prefixes, paths, args, rng) -> None:
    """--only sql: what the database alone does for the same reads, without Django. The SQL
    each path runs in the one sandbox (as served: kept pages off, so every read queries) is
    captured once, then replayed on a new psycopg connection of its own, as the server sends
    it (client-side binding, each world's prepared statements prepared on the connection
    first, a switch of world sent in front of a read's first statement), in blocks of 20
    reads, three arms in random order: in the one sandbox; in the one sandbox with its
    `SET search_path` sent again before every read (what a switch costs when nothing
    changes); spread over every sandbox. Per arm: reads/s, the server process's CPU per
    read (from /proc), the blocks' ratios against the one sandbox."""
    import psycopg

    from reelfake import kept_pages

    statements: dict[str, list[tuple[str, tuple]]] = {}
    current: list[tuple[str, tuple]] = []

    def capture(execute, sql, params, many, context):
        current.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with (
        mock.patch.object(kept_pages._kept, "_on", lambda: False),
        connection.execute_wrapper(capture),
    ):
        for path in dict.fromkeys(paths):
            current.clear()
            client.get(target + path)
            statements[path] = [
                (sql, params) for sql, params in current if not sql.startswith("PREPARE")
            ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        prepared = dict(cursor.fetchall())
    schemas = {}
    for prefix in prefixes:
        key = prefix.removeprefix("/sandbox/")
        schemas[prefix] = Sandbox.objects.get(key_hash=key_hash(key)).schema_name
    used = {
        match
        for reads in statements.values()
        for sql, _ in reads
        if sql.startswith("EXECUTE ")
        for match in [sql.split()[1].split("(")[0]]
    }
    kinds = {}
    for reads in statements.values():
        for sql, _ in reads:
            word = sql.split(None, 1)[0].upper()
            kinds[word] = kinds.get(word, 0) + 1
    print(
        f"  captured {sum(len(r) for r in statements.values())} statements for "
        f"{len(statements)} paths ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
        f"{len(used)} prepared statements per world"
    )
    params = {**connection.get_connection_params(), "cursor_factory": psycopg.ClientCursor}
    raw = psycopg.connect(**params, autocommit=True)
    switch = "SET search_path TO {}, public; SET synchronous_commit TO off; "
    names = {schema: index for index, schema in enumerate(schemas.values())}

    def sql_in(schema: str, sql: str) -> str:
        if sql.startswith("EXECUTE "):
            name = sql.split()[1].split("(")[0]
            return sql.replace(name, f"{name}_s{names[schema]}", 1)
        return sql

    with raw.cursor() as cursor:
        for schema in schemas.values():
            cursor.execute(switch.format(f'"{schema}"'))
            for name in used:
                body = prepared[name].split(" AS ", 1)[1]
                cursor.execute(f"PREPARE {name}_s{names[schema]} AS {body}")
    on = {"schema": None}

    def read(cursor, schema: str, path: str, force_switch: bool) -> None:
        first = True
        for sql, values in statements[path]:
            text = sql_in(schema, sql)
            if first and (force_switch or on["schema"] != schema):
                cursor.execute(switch.format(f'"{schema}"') + text, values)
                cursor.nextset()  # past the two SETs' results
                cursor.nextset()
                on["schema"] = schema
            else:
                cursor.execute(text, values)
            first = False
            if cursor.description is not None:
                cursor.fetchall()

    target_schema = schemas[target]
    others = list(schemas.values())
    pid = raw.info.backend_pid
    # The "after DDL" arms: before each of their blocks another connection creates and drops
    # an empty schema, as a pool refill and a purge do (a change to pg_namespace makes every
    # server process mark every cached plan, prepared statements' included, to be planned
    # again at its next run; docs/sandboxes.md
    # "Many live sandboxes: the measure, the schema changes, the connections").
    arms = ("one", "one, SET each read", "spread", "one, after DDL", "spread, after DDL")
    other = psycopg.connect(**params, autocommit=True)
    with raw.cursor() as cursor:
        for schema in others:  # warm, as the in-process rounds (warm_paths)
            for path in warm_paths(paths):
                read(cursor, schema, path, False)
        plans = "SELECT sum(generic_plans), sum(custom_plans) FROM pg_prepared_statements"
        plans_before = cursor.execute(plans).fetchone()
        spent = {arm: [] for arm in arms}
        blocks = {arm: [] for arm in arms}
        server = dict.fromkeys(arms, 0.0)
        for _ in range(args.rounds):
            totals = dict.fromkeys(arms, 0.0)
            for first in range(0, len(paths), 20):
                block = paths[first : first + 20]
                order = list(arms)
                rng.shuffle(order)
                for arm in order:
                    if arm.endswith("after DDL"):
                        other.execute("CREATE SCHEMA reelfake_bench_probe")
                        other.execute("DROP SCHEMA reelfake_bench_probe")
                    before = cpu_per_request.process_cpu_seconds(pid)
                    started = time.perf_counter()
                    for path in block:
                        schema = rng.choice(others) if arm.startswith("spread") else target_schema
                        read(cursor, schema, path, arm == "one, SET each read")
                    seconds = time.perf_counter() - started
                    server[arm] += cpu_per_request.process_cpu_seconds(pid) - before
                    totals[arm] += seconds
                    blocks[arm].append(seconds)
            for arm in arms:
                spent[arm].append(totals[arm])
        generic, custom = (
            int(a - b) for a, b in zip(cursor.execute(plans).fetchone(), plans_before, strict=True)
        )
    print(f"    plans made during the rounds: {generic} generic, {custom} custom")
    raw.close()
    other.close()
    reads = args.reads * args.rounds
    for arm in arms:
        median = statistics.median(spent[arm])
        line = (
            f"    {arm:<19} {args.reads / median:7.0f} reads/s  server CPU "
            f"{server[arm] / reads * 1e6:5.0f} µs per read"
        )
        if arm != "one":
            # Against the one sandbox; an arm after DDL against the same arm without it.
            base = arm.removesuffix(", after DDL") if arm.endswith("after DDL") else "one"
            by_block = [b / a - 1 for b, a in zip(blocks[base], blocks[arm], strict=True)]
            by_round = [b / a - 1 for b, a in zip(spent[base], spent[arm], strict=True)]
            extra = statistics.median(a - b for b, a in zip(blocks[base], blocks[arm], strict=True))
            line += (
                f"\n      against {base}: "
                f"{(statistics.median(spent[base]) / median - 1) * 100:+.1f}% by the median "
                f"rounds; {len(by_block)} blocks' ratios {quartiles(by_block)}; "
                f"{extra * 1000:+.1f} ms per block of 20 (median); rounds "
                + " ".join(f"{value * 100:+.0f}%" for value in by_round)
            )
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--creations", type=int, default=20, help="warm creations (default 20)")
    parser.add_argument("--cold", type=int, default=3, help="cold creations (default 3)")
    parser.add_argument("--resets", type=int, default=5, help="resets of each kind (default 5)")
    parser.add_argument("--reads", type=int, default=400, help="catalog reads per round")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    parser.add_argument("--many", type=int, default=0, help="live sandboxes for throughput")
    parser.add_argument(
        "--cold-many",
        action="store_true",
        help="measure --many without reading each sandbox once first (first reads included)",
    )
    parser.add_argument(
        "--decompose",
        action="store_true",
        help="with --many: count per mode the queries, PREPAREs, touches, database time and "
        "kept pages found or not",
    )
    parser.add_argument(
        "--only",
        default="create,reset,disk,served,routing,many",
        help="comma-separated parts to run (default: all of create,reset,disk,served,routing,"
        "many; routing includes inprocess, its in-process CPU figure, which runs alone too; "
        "sql, with --many: the same reads' SQL replayed on the database alone)",
    )
    parser.add_argument(
        "--keep",
        metavar="FILE",
        help="keep the sandboxes made for the next run: their keys are written to FILE (JSON) "
        "instead of being deleted, and those still live are used again when it exists, so "
        "repeated --many runs skip the cloning (delete them: a run without --keep)",
    )
    parser.add_argument(
        "--server-connections",
        action="store_true",
        help="with --many: close the database connection as a server does after each "
        "request once it is CONN_MAX_AGE seconds old (Django's test client never does): the "
        "new connection learns every sandbox's catalog and plans again",
    )
    parser.add_argument(
        "--changed",
        action="store_true",
        help="with --many: first write one row of each sandbox's data set (a movie's title set "
        "to itself), as a client's first write does: no sandbox then shares the template's "
        "kept pages, each keeps its own",
    )  # docs/sandboxes.md "Pages shared by unchanged sandboxes"
    args = parser.parse_args()
    parts = set(args.only.split(","))
    client = Client()
    created: list[dict] = []
    kept = []
    if args.keep and os.path.exists(args.keep):
        with open(args.keep) as file:
            kept = [
                key
                for key in json.load(file)
                if Sandbox.objects.filter(key_hash=key_hash(key)).exists()
            ]
        print(f"{len(kept)} live sandboxes kept from an earlier run ({args.keep})")
    started = time.perf_counter()
    services.ensure_template()
    print(f"template ready in {time.perf_counter() - started:.1f} s")

    with override_settings(**SETTINGS):

        def create_timed(count: int) -> list[float]:
            seconds_each = []
            for _ in range(count):
                seconds, body = timed(lambda: create(client))
                seconds_each.append(seconds)
                created.append(body)
            return seconds_each

        if "create" in parts:
            print("create")
            summary("cold (clone from the template)", create_timed(args.cold))
            fill_seconds, _ = timed(lambda: services.pool_fill(size=args.creations))
            print(f"  pool filled with {args.creations} in {fill_seconds:.1f} s (background work)")
            summary("warm (from the pool)", create_timed(args.creations))
        elif kept:
            created.extend({"key": key} for key in kept)
        else:
            services.pool_fill(size=1)
            create_timed(1)

        created_key = created[0]["key"]
        target = f"/sandbox/{created_key}"
        if "reset" in parts:
            reset_bench(client, target, created_key, args.resets)

        if "disk" in parts:
            schema = Sandbox.objects.get(key_hash=key_hash(created_key)).schema_name
            print(f"disk per sandbox: {disk_per_sandbox(schema) / 1024 / 1024:.1f} MB ({schema})")

        rng = random.Random(1)
        paths = catalog_paths(args.reads, rng)
        read_all(client, "", paths[:50])
        read_all(client, target, paths[:50])
        if parts & {"routing", "served", "inprocess"}:
            print(f"routing overhead: {args.reads} catalog reads per round, {args.rounds} rounds")

            # Blocks of 20 paths read in both worlds one after the other (in random order), so
            # that the machine's load drifts alike for both; per round the two totals, then the
            # median round. Switching worlds costs the first main-world read of a block a reset.
            # On a shared machine the load moves within a round too: the median of the blocks'
            # own ratios (each block read in both worlds within a few milliseconds) is steadier.
            # A third arm reads each block in the main world once more: its ratio against the
            # first main-world read is what the method measures where there is no difference
            # (its bias and spread), beside the sandbox's.
            def compare(label: str) -> None:
                arms = {"main": "", "sandbox": target, "again": ""}
                spent = {name: [] for name in arms}
                ratios = {"sandbox": [], "again": []}
                for _ in range(args.rounds):
                    totals = dict.fromkeys(arms, 0.0)
                    for first in range(0, len(paths), 20):
                        block = paths[first : first + 20]
                        pair = {}
                        order = list(arms.items())
                        rng.shuffle(order)
                        for name, world in order:
                            started = time.perf_counter()
                            for path in block:
                                client.get(world + path)
                            pair[name] = time.perf_counter() - started
                            totals[name] += pair[name]
                        for name in ratios:
                            ratios[name].append(pair[name] / pair["main"])
                    for name in arms:
                        spent[name].append(totals[name])
                main_median = statistics.median(spent["main"])
                print(f"  {label}\n    main world      {ms(main_median / args.reads)} per read")
                labels = {"sandbox": "sandbox", "again": "main, again"}
                for name, shown in labels.items():
                    median = statistics.median(spent[name])
                    print(
                        f"    {shown:<15} {ms(median / args.reads)} per read  "
                        f"({(median / main_median - 1) * 100:+.1f}% by the median rounds; "
                        f"{len(ratios[name])} blocks' ratios: {ratio_spread(ratios[name])})"
                    )

            # No movie page or detail kept in either world, in every comparison: kept, a
            # block's reads hit the memory or not depending on which arm read the same paths
            # just before (one store for every world, at most REELFAKE_KEPT_PAGES): the main
            # world read twice found its own pages the second time, 10-40 % faster, while the
            # sandbox never did (docs/sandboxes.md "Routing overhead: what the blocks' ratios
            # measured"). Routing alone: the request inspector off in both worlds too.
            from reelfake import kept_pages

            unkept = mock.patch.object(kept_pages._kept, "_on", lambda: False)
            alone = mock.patch("toolkit.middleware.inspector_allowed", lambda request: False)
            if "served" in parts:
                with unkept:
                    compare("as served (the inspector records each sandbox request), no page kept")
            if "routing" in parts:
                with alone, unkept:
                    compare("routing alone (inspector off, no page kept, in both worlds)")
            if parts & {"routing", "inprocess"}:
                with alone, unkept:
                    print(
                        "  in process (the WSGI application, no test client), inspector off, "
                        "no page kept"
                    )
                    in_process(target, paths, args.rounds, rng)

        if args.many and parts & {"many", "sql"}:
            more = args.many - len(created)
            print(f"throughput with {args.many} live sandboxes (creating {max(more, 0)})")
            fill_seconds, _ = timed(lambda: services.pool_fill(size=max(more, 0)))
            print(f"  cloned in {fill_seconds:.0f} s")
            for _ in range(max(more, 0)):
                created.append(create(client))
            prefixes = [f"/sandbox/{body['key']}" for body in created]
            if "many" in parts:
                many_throughput(client, target, prefixes, paths, args, rng)
            if "sql" in parts:
                print(
                    f"the database alone: the same reads' SQL over one sandbox and over "
                    f"{len(prefixes)}, one connection"
                )
                database_only(client, target, prefixes, paths, args, rng)

        if args.keep:
            with open(args.keep, "w") as file:
                json.dump([body["key"] for body in created], file)
            print(f"kept {len(created)} live sandboxes for the next run ({args.keep})")
            return 0
        for body in created:
            client.delete(f"/sandbox/{body['key']}/api/sandbox")
        Sandbox.objects.filter(key_hash__isnull=True).update(retired_at="2000-01-01T00:00:00Z")
        done = services.sandbox_purge(grace_seconds=0)
        print(f"cleaned up: {done['dropped']} schemas dropped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
