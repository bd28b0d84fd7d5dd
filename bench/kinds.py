"""What each read of the soak mix costs, one request at a time, in this process.

For each kind of read in bench/soak.py's READS, `--requests` requests (paths drawn as the
soak draws them) go through Django's test client in this process, against the database the
settings name (the embedded one unless DATABASE_URL is set), one after another. Printed per
kind: the median wall time, the median time spent executing SQL (PostgreSQL plus the
driver), their difference (Python), the number of queries, and the kind's share of the mix's
time (weight × wall). The last line is the weighted mean per read: where a soak's CPU goes.

A running server is needed only to discover ids, names and page counts, as the soak does:

    PORT=8071 .venv/bin/python manage.py serve &      # large seed
    .venv/bin/python bench/kinds.py --base-url http://127.0.0.1:8071
    .venv/bin/python bench/kinds.py --base-url http://127.0.0.1:8071 --only rentals
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelfake.settings")

import django  # noqa: E402

django.setup()

import soak  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def logged_in_clients() -> dict:
    clients = {None: Client()}
    for role, email in soak.ACCOUNTS.items():
        client = Client()
        body = {"email": email, "password": soak.DEMO_PASSWORD}
        response = client.post("/api/auth/login", body, content_type="application/json")
        if response.status_code != 200:
            raise SystemExit(f"login as {email}: {response.status_code}")
        clients[role] = client
    return clients


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", required=True, help="a running server, for discovery")
    parser.add_argument("--requests", type=int, default=15, help="per kind (default 15)")
    parser.add_argument("--only", help="only kinds whose name contains this")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(args.seed)
    plan = soak.discover(soak.Api(args.base_url), rng)
    clients = logged_in_clients()
    spent: list[float] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - started)

    rows = []
    with connection.execute_wrapper(timed):
        for weight, kind, role, _expect, path in soak.READS:
            if args.only and args.only not in kind:
                continue
            walls, sqls, queries = [], [], 0
            for _ in range(args.requests):
                who = role
                if who == "staff+":
                    who = rng.choice(["staff", "manager"])
                elif who == "any":
                    who = rng.choice(["customer", "staff", "manager"])
                url = path(rng, plan)
                spent.clear()
                started = time.perf_counter()
                clients[who].get(url)
                walls.append((time.perf_counter() - started) * 1000)
                sqls.append(sum(spent) * 1000)
                queries = len(spent)
            rows.append((weight, kind, statistics.median(walls), statistics.median(sqls), queries))

    total = sum(weight * wall for weight, _, wall, _, _ in rows) or 1.0
    for weight, kind, wall, sql, queries in sorted(rows, key=lambda r: -r[0] * r[2]):
        print(
            f"{kind:<40} w={weight:<3} wall {wall:6.1f}  sql {sql:6.1f}  py {wall - sql:6.1f}"
            f"  q={queries}  share {100 * weight * wall / total:4.1f}%"
        )
    weights = sum(r[0] for r in rows) or 1
    sql_total = sum(weight * sql for weight, _, _, sql, _ in rows)
    print(
        f"weighted per read: wall {total / weights:.2f} ms, sql {sql_total / weights:.2f} ms, "
        f"python {(total - sql_total) / weights:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
