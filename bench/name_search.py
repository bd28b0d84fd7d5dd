"""How `name=` search time grows with the seed: wall time of GET /api/actors?name=… through
the whole WSGI application, in this process, one request at a time.

For each pattern: the actors in the world and the matches; PostgreSQL's execution time of
the request's count and page queries (EXPLAIN ANALYZE, best of five: stable on a busy
machine); then the median wall time of `--requests` requests (after a warm-up) with the
totals counted on every request (REELFAKE_KEPT_COUNTS=0) and with them kept
(reelfake/kept_counts.py; the first request counts, the others answer the total from
memory). Run it on a small and on a large seed and
compare (docs/performance.md "Kept search totals"). Reads only; against the database the
settings name (DATABASE_URL, or the embedded server):

    .venv/bin/python bench/name_search.py                        # your own (small) seed
    DATABASE_URL='postgres://postgres@/reelfake?host=/other/.pgdata' \\
        .venv/bin/python bench/name_search.py --patterns '%ann%,%a%'
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cpu_per_request  # noqa: E402


def wall_ms(application, path: str, requests: int) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(requests):
        started = time.perf_counter()
        status = cpu_per_request.one(application, path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), status


def execution_ms(sql: str, params) -> float:
    """PostgreSQL's own execution time of a query, best of five."""
    from django.db import connection

    best = float("inf")
    with connection.cursor() as cursor:
        for _ in range(5):
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            best = min(best, cursor.fetchone()[0][0]["Execution Time"])
    return best


def request_queries(application, path: str) -> list[tuple[str, tuple]]:
    from django.db import connection

    queries = []

    def record(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        cpu_per_request.one(application, path)
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--patterns", default="%ann%", help="comma-separated name= patterns")
    parser.add_argument("--requests", type=int, default=50, help="requests per measurement")
    args = parser.parse_args()

    application = cpu_per_request.load_application(floor=False)
    from django.conf import settings
    from django.db.models import F

    from movies.models import Actor
    from reelfake import kept_counts
    from reelfake.db.lookups import ILike

    keep = settings.REELFAKE_KEPT_COUNTS or 1024
    print(
        f"{'pattern':<10} {'actors':>7} {'matches':>8} {'count ms':>9} {'page ms':>8}"
        f" {'request, counted':>17} {'request, kept':>14}"
    )
    actors = Actor.objects.count()
    for pattern in args.patterns.split(","):
        path = f"/api/actors?name={quote(pattern)}"
        matches = Actor.objects.filter(ILike(F("actor_name"), pattern))
        settings.REELFAKE_KEPT_COUNTS = 0
        wall_ms(application, path, 5)  # warm: connections, plans, buffers
        counted, status = wall_ms(application, path, args.requests)
        count_ms = page_ms = 0.0
        for sql, params in request_queries(application, path):
            if sql.startswith("SELECT COUNT(*)"):
                count_ms = execution_ms(sql, params)
            elif sql.startswith("SELECT"):
                page_ms = execution_ms(sql, params)
        settings.REELFAKE_KEPT_COUNTS = keep
        kept_counts._active()
        deadline = time.monotonic() + 10
        while not kept_counts._kept.ready and time.monotonic() < deadline:
            time.sleep(0.01)
        wall_ms(application, path, 1)  # counted once, kept from here on
        kept, _ = wall_ms(application, path, args.requests)
        print(
            f"{pattern:<10} {actors:>7} {matches.count():>8} {count_ms:>9.2f} {page_ms:>8.2f}"
            f" {counted:>14.2f} ms {kept:>11.2f} ms   HTTP {status}"
        )
    kept_counts.stop_listening()


if __name__ == "__main__":
    main()
