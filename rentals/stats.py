"""Reads behind the stats routes (docs/stores.md).

The rental aggregates come from the summary tables kept by the triggers of
reelfake/db/schema.sql ("Stats summaries"): a few hundred rows at most per query instead of a
million rentals, and always current. Ties are broken by id, so equal counts come back in a
stable order; counts and amounts are strings on the wire."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import CharField, F, Func, QuerySet, Sum, Value
from django.db.models.functions import Collate

from reelfake.db.row_counts import table_row_counts
from reelfake.exceptions import ApplicationError
from reelfake.ids import is_ascii_number_text
from rentals.models import RentalStatsMonth, RentalStatsMovie, RentalStatsStore

MAX_LIMIT = 500
MSG_LIMIT_REQUIRED = "Limit is required"
MSG_LIMIT_INVALID = "Invalid limit - {raw}"
MSG_LIMIT_TOO_LARGE = f"The maximum allowed limit is {MAX_LIMIT}"


def limit_parse(values: list[str]) -> int:
    """The `limit` rule: required, a number >= 0, at most 500; fractions are rounded.
    `values` are all the `limit` query values: a repeated limit is invalid, reported with
    its values joined by commas (what the reference's template string made of the array)."""
    if len(values) > 1:
        raise ApplicationError(MSG_LIMIT_INVALID.format(raw=",".join(values)))
    raw = values[0] if values else None
    if raw is None or raw == "":
        raise ApplicationError(MSG_LIMIT_REQUIRED)
    if not is_ascii_number_text(raw):  # Decimal() reads "٣" as 3
        raise ApplicationError(MSG_LIMIT_INVALID.format(raw=raw))
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise ApplicationError(MSG_LIMIT_INVALID.format(raw=raw)) from None
    if not value.is_finite() or value < 0:
        raise ApplicationError(MSG_LIMIT_INVALID.format(raw=raw))
    if value > MAX_LIMIT:
        raise ApplicationError(MSG_LIMIT_TOO_LARGE)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# The tables GET /stats counts, as rentals.serializers.StatsSerializer reads them.
TOTALS_TABLES = ("movie", "actor", "customer", "staff", "store")


def stats_totals() -> dict[str, int]:
    """GET /stats: how many movies, actors, customers, staff and stores there are, by table,
    from the trigger-kept counts (reelfake/db/row_counts.py)."""
    counts = table_row_counts()
    return {table: counts.get(table, 0) for table in TOTALS_TABLES}


def most_rented_movies() -> QuerySet[RentalStatsMovie]:
    """Most rentals first, ties by movie id (the top rows of rental_stats_movie_rank_idx)."""
    return RentalStatsMovie.objects.order_by("-total_rentals", "movie_id")


def sales_by_store() -> QuerySet[RentalStatsStore]:
    """Revenue per store, most first, ties by store id."""
    return RentalStatsStore.objects.order_by("-revenue", "store_id")


def sales_by_city() -> QuerySet:
    """Rentals per city of the stores, most first, ties by city id: values() rows of
    city_id, city_name, state_name, total_sales."""
    return (
        RentalStatsStore.objects.values(
            city_id=F("store__address__city_id"),
            city_name=F("store__address__city__city_name"),
            state_name=F("store__address__city__state_name"),
        )
        .annotate(total_sales=Sum("total_rentals"))
        .order_by("-total_sales", "city_id")
    )


def sales_by_month() -> QuerySet[RentalStatsMonth]:
    """Rentals and revenue per payment month (UTC) as `month_text` (Mon-YYYY), in
    alphabetical order of that text (`Apr-2024, Aug-2024, Feb-2024, …`) as the contract keeps
    it."""
    month_text = Func(F("month"), Value("Mon-YYYY"), function="to_char", output_field=CharField())
    return RentalStatsMonth.objects.annotate(month_text=month_text).order_by(
        Collate("month_text", "C")
    )
