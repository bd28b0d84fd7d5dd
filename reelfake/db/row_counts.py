"""Exact row counts of the big tables without counting them.

`count(*)` over 50,000 movies or 200,000 actors is a scan of a whole index on every request
of an unfiltered list. The statement-level triggers of
reelfake/db/schema.sql ("Stats summaries") append each INSERT's and DELETE's row delta to
`stats_row_delta` inside the writing transaction, so summing the few rows kept for a table
gives the same number `count(*)` would, under the same snapshot. GET /api/stats and the
paginator read them here.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import BigIntegerField, QuerySet
from django.db.models.expressions import RawSQL

# Tables with the row-delta triggers (keep in step with schema.sql's "Stats summaries").
COUNTED_TABLES = frozenset({"movie", "actor", "customer", "staff", "store"})

# Fold a table's deltas into one row beyond this many rows (see stats_row_delta_compact()).
COMPACT_AT = 200


def table_row_counts(using: str = "default") -> dict[str, int]:
    """Rows per counted table."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT table_name, sum(delta), count(*) FROM stats_row_delta GROUP BY 1")
        rows = cursor.fetchall()
        _compact_if_needed(cursor, using, sum(pieces for _, _, pieces in rows))
    return {table: int(total) for table, total, _ in rows}


def table_row_count(table: str, using: str = "default") -> int:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(delta), 0), count(*) FROM stats_row_delta WHERE table_name = %s",
            [table],
        )
        total, pieces = cursor.fetchone()
        _compact_if_needed(cursor, using, pieces)
    return int(total)


def _compact_if_needed(cursor, using: str, pieces: int) -> None:
    # Writes go to the primary only; a replica's rows are folded when the primary's are.
    if pieces > COMPACT_AT and using == "default":
        cursor.execute("SELECT stats_row_delta_compact()")


def _is_whole_table(queryset: QuerySet) -> bool:
    query = queryset.query
    return (
        queryset.model._meta.db_table in COUNTED_TABLES
        and not query.where
        and not query.distinct
        and not query.combinator
        and query.group_by is None
        and query.low_mark == 0
        and query.high_mark is None
        and not any(getattr(a, "contains_aggregate", False) for a in query.annotations.values())
    )


def count_rows(queryset) -> int:
    """`queryset.count()`, answered from the trigger-kept count when the queryset is a whole
    counted table (no filter, no distinct, no grouping, no slice)."""
    if isinstance(queryset, QuerySet) and _is_whole_table(queryset):
        return table_row_count(queryset.model._meta.db_table, using=queryset.db)
    return queryset.count()


# The count of a list read in the same query as its page (reelfake/rows.py CountedPage).

# One scan of the deltas gives both numbers: [total, pieces]. (sum() of bigint is numeric:
# cast back, so the total reads as an integer.)
_TABLE_COUNT_SQL = (
    "(SELECT ARRAY[coalesce(sum(delta), 0)::bigint, count(*)] "
    "FROM stats_row_delta WHERE table_name = %s)"
)


def count_expression(queryset: QuerySet) -> RawSQL:
    """count_rows(queryset) as a scalar subquery to annotate another query with: an array
    [total, pieces], `pieces` being the delta rows summed for a whole counted table (for
    compact_if_needed()), null otherwise."""
    output = ArrayField(BigIntegerField())
    if _is_whole_table(queryset):
        return RawSQL(_TABLE_COUNT_SQL, [queryset.model._meta.db_table], output_field=output)
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    counted = f"(SELECT ARRAY[count(*), NULL::bigint] FROM ({sql}) AS counted)"
    return RawSQL(counted, params, output_field=output)


def compact_if_needed(pieces: int | None, using: str = "default") -> None:
    """After a count_expression() read: fold the table's deltas once they are many."""
    if pieces is not None and pieces > COMPACT_AT and using == "default":
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT stats_row_delta_compact()")
