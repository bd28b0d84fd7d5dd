"""Median response times of the admin's change lists and dashboard, on the seeded database.

Runs in-process with Django's test client against the database manage.py points at
(DATABASE_URL, or the embedded server): no network and no gunicorn, so the numbers are the
view, its queries and the template. Seed the large world first (1,000,000 rentals):

    python manage.py seed --scale large --reset
    python bench/admin_changelists.py --runs 9

It signs in as the seeded store manager (demomanager@example.com, store 1) and as a
superuser it creates once (`bench-admin`), then times each page: one warm-up request, then
`--runs` requests, printing the median and the slowest in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelfake.settings")

MANAGER_EMAIL = "demomanager@example.com"
MANAGER_PASSWORD = "Demo1234!"  # reelfake/db/seeding DEMO_PASSWORD

PAGES = [
    ("rentals", "/admin/rentals/rental/"),
    ("rentals page 50", "/admin/rentals/rental/?p=50"),
    ("rentals open", "/admin/rentals/rental/?status=open"),
    ("rentals overdue", "/admin/rentals/rental/?status=overdue"),
    ("rentals online", "/admin/rentals/rental/?rental_type__exact=online"),
    (
        "rentals Jan 2025",
        "/admin/rentals/rental/?rental_start_date__from=2025-01-01"
        "&rental_start_date__to=2025-01-31",
    ),
    ("rentals search email", "/admin/rentals/rental/?q=democustomer%40example.com"),
    ("rentals search id", "/admin/rentals/rental/?q=123456"),
    ("inventory", "/admin/stores/inventory/"),
    ("inventory low stock", "/admin/stores/inventory/?stock=low"),
    ("inventory search title", "/admin/stores/inventory/?q=love"),
    ("customers", "/admin/people/customer/"),
    ("staff", "/admin/people/staff/"),
    ("movies", "/admin/movies/movie/"),
    ("dashboard", "/admin/"),
    ("dashboard 2025-06-30", "/admin/?day=2025-06-30"),
]
SUPERUSER_ONLY = [
    ("rentals store 7", "/admin/rentals/rental/?store=7"),
    ("dashboard store 7", "/admin/?store=7&day=2025-06-30"),
]


def clients():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    manager = Client()
    response = manager.post(
        "/admin/login/", {"username": MANAGER_EMAIL, "password": MANAGER_PASSWORD}
    )
    if response.status_code != 302:
        sys.exit(f"cannot sign in as {MANAGER_EMAIL}: seed the database first")
    user = get_user_model().objects.filter(username="bench-admin").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", "", None)
    superuser = Client()
    superuser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return {"manager (store 1)": manager, "superuser": superuser}


def timed(client, url: str, runs: int) -> tuple[float, float]:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    import logging

    logging.disable(logging.INFO)
    for who, client in clients().items():
        print(f"\n{who}: median / slowest of {args.runs} runs (ms)")
        pages = PAGES + (SUPERUSER_ONLY if who == "superuser" else [])
        for name, url in pages:
            median, slowest = timed(client, url, args.runs)
            print(f"  {name:<24} {median:8.1f} {slowest:8.1f}")


if __name__ == "__main__":
    main()
