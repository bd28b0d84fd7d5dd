"""Cost per written row of the live-events trigger: the functions of toolkit/migrations/0007
(capture `op` and the row's columns; Python shapes the wire) against those of 0004-0006 (the
wire `ids` and `payload` built in SQL), and with events off (docs/toolkit.md "Live events").

Each round, in turn and each in its own rolled-back transaction: one INSERT of N movies, one
UPDATE of the stock of every inventory row, one INSERT of N cart lines, each measured by
EXPLAIN ANALYZE's time in the row trigger (the write's own work left out: steadier on a busy
machine). The previous
functions run against the table as it was (their `ids` and `payload` columns added back
inside the transaction). Prints the median per row of each, and the ratio of the two trigger
versions' medians in the same rounds. Then the stream's side: the Python work of shaping a
read of 100 events, against the previous serializer that passed stored shapes through.

    DJANGO_SETTINGS_MODULE=reelfake.settings_test python bench/event_trigger_bench.py -n 20000

Needs a migrated, seeded database (`manage.py migrate && manage.py seed --scale tiny`); every
write is rolled back.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import statistics
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelfake.settings_test")

import django  # noqa: E402

django.setup()

from types import SimpleNamespace  # noqa: E402

from django.db import connection, transaction  # noqa: E402
from rest_framework import serializers  # noqa: E402

from toolkit.models import Event  # noqa: E402
from toolkit.serializers import EventSerializer  # noqa: E402

MIGRATION = importlib.import_module("toolkit.migrations.0007_event_capture")

WRITES = {
    "insert movies": """
        INSERT INTO movie (language_id, tmdb_id, title, original_title, overview, runtime,
            release_date, movie_status)
        SELECT (SELECT min(id) FROM movie_language), 900000000 + g, 'T' || g, 'T' || g,
            repeat('An overview. ', 20), 100, '2020-01-01', 'Released'
        FROM generate_series(1, %(n)s) g
    """,
    "update stock": "UPDATE inventory SET stock_count = stock_count + 1",
    "insert cart lines": """
        INSERT INTO cart (customer_id, movie_id, quantity)
        SELECT c.id, m.id, 1 FROM customer c CROSS JOIN movie m
        WHERE NOT EXISTS (SELECT FROM cart x WHERE x.customer_id = c.id AND x.movie_id = m.id)
        LIMIT %(n)s
    """,
}
PREVIOUS_TABLE = (
    "ALTER TABLE toolkit_event ADD COLUMN ids jsonb NOT NULL DEFAULT '{}',"
    " ADD COLUMN payload jsonb NOT NULL DEFAULT '{}',"
    " ALTER op SET DEFAULT '', ALTER data SET DEFAULT '{}'"
)


def run(variant: str, sql: str, n: int) -> float:
    """Microseconds the row trigger `toolkit_event` took per written row of `sql` under
    `variant` (EXPLAIN ANALYZE's trigger time: the write itself left out), rolled back."""
    with transaction.atomic(), connection.cursor() as cursor:
        if variant == "0004-0006 (SQL shapes)":
            cursor.execute(PREVIOUS_TABLE)
            cursor.execute(MIGRATION.PREVIOUS)
        off = "off" if variant == "events off" else ""
        cursor.execute("SELECT set_config('reelfake.events', %s, true)", [off])
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, {"n": n})
        (plan,) = cursor.fetchone()[0]
        transaction.set_rollback(True)
    (trigger,) = [t for t in plan["Triggers"] if t["Trigger Name"] == "toolkit_event"]
    return trigger["Time"] / max(trigger["Calls"], 1) * 1e3


class _OldEventSerializer(serializers.Serializer):
    """The event as the stream served it before 0007: `ids` and `payload` stored shaped."""

    id = serializers.IntegerField()
    type = serializers.CharField()
    at = serializers.DateTimeField()
    ids = serializers.DictField()
    payload = serializers.DictField()


def stream_cost(rounds: int) -> None:
    """Microseconds per event of shaping one stream read (100 events, each type in turn), as
    toolkit/views.py StreamCaller.poll does it, against the previous per-event serializer
    over the same events stored shaped."""
    now = datetime.datetime.now(datetime.UTC)
    samples = [
        ("movie.created", "created", {"id": 7, "title": "Heat"}),
        ("stock.changed", "deleted", {"movie_id": 7, "store_id": 1, "stock_count": 3}),
        (
            "rental.returned",
            "updated",
            {
                "id": 9,
                "customer_id": 3,
                "store_id": 1,
                "inventory_id": 12,
                "movie_id": 7,
                "rental_end_date": "2024-01-13T10:00:00+00:00",
                "return_date": "2024-01-12T18:30:15.25+00:00",
            },
        ),
        ("cart.changed", "created", {"customer_id": 3, "movie_id": 7, "quantity": 1}),
    ]
    events = [
        Event(id=i, at=now, type=kind, op=op, data=data)
        for i, (kind, op, data) in enumerate(samples * 25)
    ]
    shaped = EventSerializer(events, many=True).data
    old = [
        SimpleNamespace(id=e.id, at=e.at, type=e.type, ids=d["ids"], payload=d["payload"])
        for e, d in zip(events, shaped, strict=True)
    ]
    runs = {
        "0007: EventSerializer(many=True)": lambda: EventSerializer(events, many=True).data,
        "0004-0006: one DictField serializer per event": lambda: [
            _OldEventSerializer(event).data for event in old
        ],
    }
    for label, run_once in runs.items():
        best = min(timeit.repeat(run_once, number=20, repeat=rounds)) / 20 / len(events) * 1e6
        print(f"stream shaping     {label:46} {best:6.1f} µs/event (best of {rounds})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    variants = ["events off", "0004-0006 (SQL shapes)", "0007 (capture)"]
    for name, sql in WRITES.items():
        times: dict[str, list[float]] = {variant: [] for variant in variants}
        for _ in range(args.rounds):
            for variant in variants:
                times[variant].append(run(variant, sql, args.n))
        medians = {variant: statistics.median(values) for variant, values in times.items()}
        for variant in variants:
            spread = f"{min(times[variant]):.1f}-{max(times[variant]):.1f}"
            print(f"{name:18} {variant:24} {medians[variant]:7.1f} µs/row in trigger ({spread})")
        ratio = statistics.median(
            new / old
            for old, new in zip(
                times["0004-0006 (SQL shapes)"], times["0007 (capture)"], strict=True
            )
        )
        print(f"{name:18} 0007 / 0004-0006 per round, median: {ratio:.2f}")
    stream_cost(args.rounds)


if __name__ == "__main__":
    main()
