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
import gc
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
from sandboxes import services  # noqa: E402
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


def buffer_reads() -> int:
    """Pages this database read outside shared buffers so far (this process's counts flushed
    first)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT blks_read FROM pg_stat_database WHERE datname = current_database()")
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
        names = {name: world for (_, world), name in kept.items()}
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


def many_throughput(client, target, prefixes, paths, args, rng) -> None:
    """Catalog reads spread over every sandbox of `prefixes` against the same reads in the
    one sandbox `target`, interleaved in blocks of 20 (in random order), per round the totals
    and the shared-buffer misses (pages PostgreSQL had to read), then the median round.

    Each pair is read twice: as served, and like for like. As served, a movie page or detail
    read again in the one sandbox is often answered from memory (reelfake/kept_pages.py,
    at most REELFAKE_KEPT_PAGES in the process), while the same reads spread over many
    sandboxes are almost never read twice in one sandbox: that difference is the memory's,
    not the database's. Like for like, no page is kept in either (the kept pages turned off
    for those arms only): what reading many sandboxes' copies of the data costs the database
    (docs/sandboxes.md "Many live sandboxes").

    The one sandbox has been read before; so, unless --cold-many, has every other one: a
    first pass reads one block of paths in each sandbox. A database connection plans its
    first query on a sandbox it has not served with that sandbox's tables and indexes loaded
    into its catalog cache, and the first reads of a fresh clone's pages miss shared buffers:
    a cost per connection and sandbox, reported apart ("first reads"), not the steady state
    the rounds compare."""
    from reelfake import kept_pages

    if not args.cold_many:
        warm = paths[:20]
        before = buffer_reads()
        started = time.perf_counter()
        for prefix in prefixes:
            if prefix != target:
                read_all(client, prefix, warm)
        seconds = time.perf_counter() - started
        misses = buffer_reads() - before
        count = len(warm) * (len(prefixes) - 1)
        print(
            f"  first reads     {count / seconds:7.0f} reads/s  "
            f"{misses / count:5.1f} buffer misses per read  "
            f"({len(warm)} reads in each of {len(prefixes) - 1} sandboxes, before the rounds)"
        )
    spent = {arm: [] for arm in ARMS}
    missed = {arm: [] for arm in ARMS}
    decomposed = Decomposed() if args.decompose else None
    if decomposed is not None:
        decomposed.__enter__()
    unkept = mock.patch.object(kept_pages._kept, "_on", lambda: False)
    for _ in range(args.rounds):
        rounds = dict.fromkeys(ARMS, 0.0)
        misses = dict.fromkeys(ARMS, 0)
        for first in range(0, len(paths), 20):
            block = paths[first : first + 20]
            order = list(ARMS)
            rng.shuffle(order)
            for arm in order:
                mode, kept = arm
                if kept == "unkept":
                    unkept.start()
                if decomposed is not None:
                    decomposed.mode = f"{mode} {kept}"
                before = buffer_reads()
                started = time.perf_counter()
                for path in block:
                    prefix = target if mode == "one" else rng.choice(prefixes)
                    client.get(prefix + path)
                rounds[arm] += time.perf_counter() - started
                if decomposed is not None:
                    decomposed.mode = None
                if kept == "unkept":
                    unkept.stop()
                misses[arm] += buffer_reads() - before
        for arm in ARMS:
            spent[arm].append(rounds[arm])
            missed[arm].append(misses[arm])
    if decomposed is not None:
        decomposed.__exit__(None, None, None)
    reads = args.reads * args.rounds
    if decomposed is not None:
        key = target.removeprefix("/sandbox/")
        decomposed.report(reads, Sandbox.objects.get(key_hash=key_hash(key)).schema_name)
    headings = {
        "kept": "as served (the one sandbox reads its kept movie pages and details again from "
        "memory; spread over many, reads rarely repeat in one sandbox)",
        "unkept": "like for like (no movie page or detail kept in either: the database's "
        "share of the difference)",
    }
    for kept, heading in headings.items():
        one_arm, spread_arm = ("one", kept), ("spread", kept)
        one = statistics.median(spent[one_arm])
        spread = statistics.median(spent[spread_arm])
        print(
            f"  {heading}\n"
            f"    one sandbox     {args.reads / one:7.0f} reads/s  "
            f"{sum(missed[one_arm]) / reads:5.1f} buffer misses per read\n"
            f"    {len(prefixes)} sandboxes  {args.reads / spread:7.0f} reads/s  "
            f"{sum(missed[spread_arm]) / reads:5.1f} buffer misses per read  "
            f"({(one / spread - 1) * 100:+.1f}%)\n"
            "    per round, spread over one: "
            + " ".join(
                f"{(one / spread - 1) * 100:+.0f}%"
                for one, spread in zip(spent[one_arm], spent[spread_arm], strict=True)
            )
        )
    print(f"  the database connection's server process after the rounds: {backend_memory()}")


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
        "many; routing includes inprocess, its in-process CPU figure, which runs alone too)",
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    client = Client()
    created: list[dict] = []
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

        if args.many and "many" in parts:
            more = args.many - len(created)
            print(f"throughput with {args.many} live sandboxes (creating {max(more, 0)})")
            fill_seconds, _ = timed(lambda: services.pool_fill(size=max(more, 0)))
            print(f"  cloned in {fill_seconds:.0f} s")
            for _ in range(max(more, 0)):
                created.append(create(client))
            prefixes = [f"/sandbox/{body['key']}" for body in created]
            many_throughput(client, target, prefixes, paths, args, rng)

        for body in created:
            client.delete(f"/sandbox/{body['key']}/api/sandbox")
        Sandbox.objects.filter(key_hash__isnull=True).update(retired_at="2000-01-01T00:00:00Z")
        done = services.sandbox_purge(grace_seconds=0)
        print(f"cleaned up: {done['dropped']} schemas dropped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
