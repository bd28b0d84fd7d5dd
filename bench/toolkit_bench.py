"""Per-request cost of the frontend toolkit's middleware, in process (no HTTP, no server).

Runs N requests through FailureMiddleware around a view that does nothing, and prints the
microseconds per request for: no middleware at all; the middleware where standing settings
cannot exist (the main world of a public server: no query); standing settings allowed and
read from the per-world cache (none set, then a set that does not match the path); and the
same with the cache disabled (TTL 0: one query per request), to show what the cache saves;
then the inspector's middleware where it may not record (no write) and where it records (one
INSERT, dropping the oldest records every 50th, inside the bench's transaction, then each in
its own transaction as a server does, commit included); and the live-events trigger's cost
per row on a bulk insert of movies.

    DJANGO_SETTINGS_MODULE=reelfake.settings_test python bench/toolkit_bench.py -n 20000

Uses the database of the settings (the embedded one by default); the standing settings it
writes are rolled back. Machines are shared and noisy: --repeat N reports the best of N.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelfake.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from toolkit.middleware import FailureMiddleware, InspectorMiddleware  # noqa: E402
from toolkit.models import RequestRecord  # noqa: E402
from toolkit.selectors import standing_settings_forget  # noqa: E402
from toolkit.services import standing_settings_set  # noqa: E402


def view(request):
    return HttpResponse("ok")


def per_request_us(handler, n: int, repeat: int) -> float:
    factory = RequestFactory()
    requests = [factory.get("/api/genres", {"page": "1"}) for _ in range(n)]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for request in requests:
            handler(request)
        best = min(best, time.perf_counter() - started)
    return best / n * 1e6


BULK_MOVIES = """
INSERT INTO movie (language_id, tmdb_id, title, original_title, overview, runtime,
    release_date, genre_ids, origin_country_ids, movie_status, popularity, budget, revenue,
    rating_average, rating_count, rental_rate)
SELECT (SELECT min(id) FROM movie_language), 900000000 + g, 'T' || g, 'T' || g, 'o', 100,
    '2020-01-01', '{}', '{}', 'Released', 1, 1, 1, 5, 1, 1
FROM generate_series(1, %s) g
"""


def trigger_cost(n: int) -> list[tuple[str, float]]:
    """One INSERT of n movies with the live-events trigger on and off (rolled back)."""
    best: dict[str, float] = {}
    # Alternating, best of two each: the first insert into a cold table pays for the warm-up.
    runs = [("events trigger off", "off"), ("events trigger on", "")] * 2
    for label, value in runs:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO movie_language (language_name, iso_language_code) "
                "VALUES ('Bench', 'zz') ON CONFLICT DO NOTHING"
            )
            cursor.execute("SELECT set_config('reelfake.events', %s, true)", [value])
            started = time.perf_counter()
            cursor.execute(BULK_MOVIES, [n])
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        name = f"bulk insert of {n} movies, {label} (per row)"
        best[name] = min(best.get(name, float("inf")), seconds / n * 1e6)
    return list(best.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    middleware = FailureMiddleware(view)
    rows = []
    rows.append(("no toolkit middleware", per_request_us(view, args.n, args.repeat)))
    settings.REELFAKE_RESET, settings.DEBUG, settings.REELFAKE_SANDBOXES = False, False, False
    rows.append(
        (
            "middleware, no standing settings possible",
            per_request_us(middleware, args.n, args.repeat),
        )
    )
    settings.REELFAKE_RESET = True
    settings.REELFAKE_TOOLKIT_SETTINGS_TTL_MS = 1000
    with transaction.atomic():
        standing_settings_forget(everything=True)
        rows.append(
            ("standing allowed, none set, cached", per_request_us(middleware, args.n, args.repeat))
        )
        standing_settings_set(
            fail_rate=1.0, fail_statuses=[503], latency=None, routes=["/api/movies*"]
        )
        standing_settings_forget(everything=True)
        rows.append(
            (
                "settings set, path not matched, cached",
                per_request_us(middleware, args.n, args.repeat),
            )
        )
        settings.REELFAKE_TOOLKIT_SETTINGS_TTL_MS = 0
        standing_settings_forget(everything=True)
        small = max(1, args.n // 10)
        rows.append(
            ("settings set, no cache (TTL 0)", per_request_us(middleware, small, args.repeat))
        )
        settings.REELFAKE_TOOLKIT_SETTINGS_TTL_MS = 1000
        inspector = InspectorMiddleware(view)
        settings.REELFAKE_RESET = False
        rows.append(
            (
                "inspector, not allowed here (no write)",
                per_request_us(inspector, args.n, args.repeat),
            )
        )
        settings.REELFAKE_RESET = True
        rows.append(
            ("inspector recording (one INSERT+trim)", per_request_us(inspector, small, args.repeat))
        )
        transaction.set_rollback(True)
    standing_settings_forget(everything=True)
    # As a server records: each record its own transaction, so the commit is paid too.
    rows.append(
        (
            "inspector recording, autocommit (as served)",
            per_request_us(inspector, max(1, args.n // 10), args.repeat),
        )
    )
    RequestRecord.objects.all().delete()
    rows.extend(trigger_cost(max(1000, args.n)))
    for name, us in rows:
        print(f"{name:60s} {us:8.1f} µs")


if __name__ == "__main__":
    main()
