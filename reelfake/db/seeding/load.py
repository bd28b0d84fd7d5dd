"""Stream generated rows into PostgreSQL with COPY, on a psycopg 3 cursor.

Everything here runs inside the caller's transaction: a failed seed leaves the database as it
was. Constraints and indexes stay in place while loading (the schema owns them); the rows are
generated to satisfy them.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator

from psycopg.copy import QueuedLibpqWriter

from reelfake.db.seeding.generate import Dataset, Table

# Every table the seed owns, parents before children.
TABLES = (
    "genre",
    "movie_language",
    "country",
    "city",
    "address",
    "movie",
    "actor",
    "movie_actor",
    "store",
    "staff",
    "customer",
    "inventory",
    "rental",
    "cart",
    "wishlist",
)

# Rows per copy.write(): large enough that the per-call overhead vanishes, small enough that
# progress bars move.
CHUNK_ROWS = 5_000


def schema_missing(cursor) -> list[str]:
    """The seed's tables that do not exist (the schema migration has not run)."""
    cursor.execute(
        "SELECT t FROM unnest(%s::text[]) AS t WHERE to_regclass(t) IS NULL", [list(TABLES)]
    )
    return [row[0] for row in cursor.fetchall()]


def has_data(cursor) -> bool:
    checks = " OR ".join(f"EXISTS (SELECT 1 FROM {table})" for table in TABLES)
    cursor.execute(f"SELECT {checks}")
    return cursor.fetchone()[0]


def truncate(cursor) -> None:
    cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")


def _chunks(rows: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def copy_table(cursor, table: Table, on_rows: Callable[[int], None]) -> int:
    """COPY one table's rows, run its follow-up updates; return the number of rows."""
    statement = f"COPY {table.name} ({', '.join(table.columns)}) FROM STDIN"
    loaded = 0
    # The queued writer sends from a background thread, so generating the next chunk in
    # Python overlaps with the server ingesting the last one.
    with cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:
        for chunk in _chunks(table.rows, CHUNK_ROWS):
            copy.write("".join(chunk))
            loaded += len(chunk)
            on_rows(len(chunk))
    for sql, params in table.updates:
        cursor.executemany(sql, params)
    return loaded


def reset_sequences(cursor) -> None:
    """Point each id sequence past the explicit ids the COPY wrote."""
    for table in TABLES:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {table}"
        )


def row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")
        counts[table] = cursor.fetchone()[0]
    return counts


def load_dataset(
    cursor,
    dataset: Dataset,
    *,
    progress: Callable[[Table], Callable[[int], None]],
    done: Callable[[Table, int, float], None],
) -> None:
    """Empty the seed's tables and load every table of the dataset, in order.

    `progress(table)` returns the callback that receives row counts as chunks go out;
    `done(table, rows, seconds)` reports each finished table."""
    # No live event per seeded row (docs/toolkit.md "Live events").
    cursor.execute("SELECT set_config('reelfake.events', 'off', false)")
    try:
        truncate(cursor)
        for table in dataset.tables():
            started = time.monotonic()
            rows = copy_table(cursor, table, progress(table))
            done(table, rows, time.monotonic() - started)
    finally:
        cursor.execute("SELECT set_config('reelfake.events', '', false)")
    reset_sequences(cursor)
    # Fresh statistics, so the first queries after a seed get sensible plans.
    cursor.execute(f"ANALYZE {', '.join(TABLES)}")
