"""Reads behind the stats routes (people-stores-rentals.md §8).

The rental aggregates come from the summary tables kept by the triggers of
rentals/migrations/0001_rental_stats.py: a few hundred rows at most per query instead of a
million rentals, and always current. Ties are broken by id, so equal counts come back in a
stable order; counts and amounts are strings on the wire."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import connection

from reelfake.db.row_counts import table_row_counts
from reelfake.exceptions import ApplicationError
from reelfake.ids import is_ascii_number_text

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


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


TOTAL_KEYS = {
    "movie": "totalMovies",
    "actor": "totalActors",
    "customer": "totalCustomers",
    "staff": "totalStaff",
    "store": "totalStores",
}


def stats_totals() -> dict:
    """GET /stats: how many movies, actors, customers, staff and stores there are, from the
    trigger-kept counts (reelfake/db/row_counts.py)."""
    counts = table_row_counts()
    return {key: counts.get(table, 0) for table, key in TOTAL_KEYS.items()}


def most_rented_movies(limit: int) -> list[dict]:
    rows = _rows(
        "SELECT s.movie_id, m.title, s.total_rentals "
        "FROM rental_stats_movie s JOIN movie m ON m.id = s.movie_id "
        "ORDER BY s.total_rentals DESC, s.movie_id LIMIT %s",
        [limit],
    )
    return [
        {"movieId": movie_id, "movieTitle": title, "totalRentals": str(total)}
        for movie_id, title, total in rows
    ]


def sales_by_store(limit: int) -> list[dict]:
    """Revenue per store with its manager (null fields when it has none)."""
    rows = _rows(
        "SELECT s.store_id, m.first_name, m.last_name, m.email, s.revenue "
        "FROM rental_stats_store s JOIN store ON store.id = s.store_id "
        "LEFT JOIN staff m ON m.id = store.store_manager_id "
        "ORDER BY s.revenue DESC, s.store_id LIMIT %s",
        [limit],
    )
    return [
        {
            "storeId": store_id,
            "firstName": first_name,
            "lastName": last_name,
            "email": email,
            "revenue": _amount(revenue),
        }
        for store_id, first_name, last_name, email, revenue in rows
    ]


def sales_by_city(limit: int) -> list[dict]:
    """Rentals per city of the stores."""
    rows = _rows(
        "SELECT c.id, c.city_name, c.state_name, sum(s.total_rentals) AS total "
        "FROM rental_stats_store s JOIN store ON store.id = s.store_id "
        "JOIN address a ON a.id = store.address_id JOIN city c ON c.id = a.city_id "
        "GROUP BY c.id, c.city_name, c.state_name "
        "ORDER BY total DESC, c.id LIMIT %s",
        [limit],
    )
    return [
        {"id": city_id, "cityName": city, "stateName": state, "totalSales": str(total)}
        for city_id, city, state, total in rows
    ]


def sales_by_month() -> list[dict]:
    """Rentals and revenue per payment month (UTC), in alphabetical order of the month text
    (`Apr-2024, Aug-2024, Feb-2024, …`) as the contract keeps it."""
    rows = _rows(
        "SELECT to_char(month, 'Mon-YYYY'), total_rentals, revenue FROM rental_stats_month "
        "ORDER BY to_char(month, 'Mon-YYYY') COLLATE \"C\""
    )
    return [
        {"month": label, "totalSales": str(total), "revenue": _amount(revenue)}
        for label, total, revenue in rows
    ]
