"""Reads of rentals, cart and wishlist. Every API list is ordered by id; the admin's reads (at
the end) say their own order."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, Count, F, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth

from movies.models import Movie
from movies.selectors import COUNTRY_CODES, GENRE_NAMES
from places.selectors import address_joins
from reelfake.db.compiled import CompiledList, CompiledRow
from rentals.models import Cart, Rental, Wishlist
from rentals.serializers import CUSTOMER_RENTAL_ROW, RENTAL_DETAIL_ROW
from rentals.services import INT_MAX


def _rental_rows() -> QuerySet[Rental]:
    """Rentals by id; the views read them as values() rows (rentals.serializers *_ROW)."""
    return Rental.objects.order_by("id")


def rental_list_processed_by(*, staff_id: int, store_id: int) -> QuerySet[Rental]:
    """GET /rentals for staff: the rentals the caller processed at their store."""
    return _rental_rows().filter(staff_id=staff_id, store_id=store_id)


def rental_list_of_customer(customer_id: int) -> QuerySet[Rental]:
    """GET /rentals for a customer: their own rentals, in the staff list's shape."""
    return _rental_rows().filter(customer_id=customer_id)


def rental_list_of_store(store_id: int) -> QuerySet[Rental]:
    """GET /rentals/my_store: every rental of the store, with the inventory's stock."""
    return _rental_rows().filter(store_id=store_id)


def rental_store_total(store_id: int) -> RawSQL:
    """How many rentals the store has, from the trigger-kept rental_stats_store (exact, as
    rental_count_exact), as the [total, null] array a CountedPage reads: GET
    /rentals/my_store's `length` without counting the store's rentals (docs/performance.md
    "My store's rentals and my rentals")."""
    return RawSQL(
        "ARRAY[coalesce((SELECT total_rentals FROM rental_stats_store WHERE store_id = %s), 0),"
        " NULL::bigint]",
        [store_id],
        output_field=ArrayField(BigIntegerField()),
    )


def customer_rental_list(customer_id: int) -> QuerySet[Rental]:
    """GET /customers/my_rentals: the caller's rentals with movie and store."""
    return customer_rentals().filter(customer_id=customer_id)


_CUSTOMER_RENTAL_ROWS = CompiledList(
    lambda customer_id: customer_rental_list(customer_id).values(*CUSTOMER_RENTAL_ROW.columns)
)


def customer_rental_rows(customer_id: int) -> list[dict]:
    """The whole of GET /customers/my_rentals as CUSTOMER_RENTAL_ROW rows, by SQL compiled
    once per process (docs/performance.md "Rental lists: compiled once")."""
    return _CUSTOMER_RENTAL_ROWS.all(customer_id)


def customer_rentals() -> QuerySet[Rental]:
    """Rentals by id, read as CUSTOMER_RENTAL_ROW rows (movie and store with its address)."""
    return Rental.objects.order_by("id")


def rental_detail_queryset() -> QuerySet[Rental]:
    """Rentals with what RentalDetailSerializer reads, in one query: each nested address is
    that entity's own (P15). The rental routes find their rental here too (its inventory's
    store scopes staff)."""
    return Rental.objects.select_related(
        *address_joins("staff__address"),
        *address_joins("inventory__store__address"),
        "inventory__store__store_manager",
        *address_joins("customer__address"),
    )


# GET /rentals/{id}: the RENTAL_DETAIL_ROW columns (15 joins) in one query compiled once and
# prepared per connection: PostgreSQL spent more time planning it than running it
# (docs/performance.md "Rental detail").
_RENTAL_DETAIL = CompiledRow(
    lambda rental_id: Rental.objects.filter(id=rental_id).values(*RENTAL_DETAIL_ROW.columns)
)


def rental_detail_row(rental_id: int) -> dict | None:
    """A RENTAL_DETAIL_ROW row (its `customer_id`, `staff_id` and `inventory__store__id` are
    what the rental permissions read), or None; ids outside the column's range find none."""
    if not 0 < rental_id <= INT_MAX:
        return None
    return _RENTAL_DETAIL.first(rental_id)


def _with_movie_names(rows: QuerySet) -> QuerySet:
    """Rows whose `movie` is a MovieSummary (rentals.serializers CartSerializer,
    WishlistSerializer): the movie's genre names, country codes and language code, annotated
    under the paths the row shape reads (`movie__genre_names`), in the rows' own query."""
    return rows.annotate(
        **{
            "movie__genre_names": GENRE_NAMES,
            "movie__country_codes": COUNTRY_CODES,
            "movie__language_code": F("movie__language__iso_language_code"),
        }
    ).order_by("id")


def cart_list(customer_id: int) -> QuerySet[Cart]:
    """GET /cart: the customer's cart rows, for CART_ROW."""
    return _with_movie_names(Cart.objects.filter(customer_id=customer_id))


def wishlist_list(customer_id: int) -> QuerySet[Wishlist]:
    """GET /wishlist: the customer's wishlist rows, for WISHLIST_ROW."""
    return _with_movie_names(Wishlist.objects.filter(customer_id=customer_id))


# The admin (docs/admin.md) ----------------------------------------------------------------


def rental_count_exact(store_id: int | None = None) -> int:
    """How many rentals a store has (all stores when None), from the trigger-kept
    rental_stats_store table (reelfake/db/schema.sql "Stats summaries"): exact, without
    counting the rental rows."""
    with connection.cursor() as cursor:
        if store_id is None:
            cursor.execute("SELECT coalesce(sum(total_rentals), 0) FROM rental_stats_store")
        else:
            cursor.execute(
                "SELECT coalesce(sum(total_rentals), 0) FROM rental_stats_store "
                "WHERE store_id = %s",
                [store_id],
            )
        return int(cursor.fetchone()[0])


def _of_store(queryset: QuerySet[Rental], store_id: int | None) -> QuerySet[Rental]:
    return queryset if store_id is None else queryset.filter(store_id=store_id)


def _month_starts(first: datetime.date, months: int) -> list[datetime.date]:
    starts, year, month = [], first.year, first.month
    for _ in range(months):
        starts.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


@dataclass(frozen=True)
class MonthTotal:
    month: datetime.date
    rentals: int
    revenue: Decimal


def rental_monthly_totals(
    *, store_id: int | None, last_month: datetime.date, months: int = 24
) -> list[MonthTotal]:
    """Rentals and revenue (amount paid) per payment month (UTC) for the `months` months up to
    and including `last_month`'s, oldest first, months without rentals as zeros. All stores
    come from the trigger-kept rental_stats_month (exact, as GET /stats/sales_by_month); one
    store's from its rentals in that window."""
    first = last_month.replace(day=1)
    for _ in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    starts = _month_starts(first, months)
    end = _month_starts(starts[-1], 2)[1]
    since = datetime.datetime.combine(first, datetime.time.min, tzinfo=datetime.UTC)
    until = datetime.datetime.combine(end, datetime.time.min, tzinfo=datetime.UTC)
    if store_id is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT month, total_rentals, revenue FROM rental_stats_month "
                "WHERE month >= %s AND month < %s",
                [first, end],
            )
            found = {month: (int(total), revenue) for month, total, revenue in cursor.fetchall()}
    else:
        rows = (
            Rental.objects.filter(
                store_id=store_id, payment_date__gte=since, payment_date__lt=until
            )
            .annotate(month=TruncMonth("payment_date", tzinfo=datetime.UTC))
            .values("month")
            .annotate(rentals=Count("id"), revenue=Sum("amount_paid"))
            .order_by("month")
        )
        found = {row["month"].date(): (row["rentals"], row["revenue"]) for row in rows}
    return [MonthTotal(month, *found.get(month, (0, Decimal("0.00")))) for month in starts]


def rental_top_movies(
    *, store_id: int | None, since: datetime.datetime, until: datetime.datetime, limit: int = 10
) -> list[dict]:
    """The most rented movies between `since` and `until` (payment dates) as dicts of
    movie_id, title, rentals, revenue; ties by movie id. The titles are joined to the ten
    rows only, after the ranking."""
    rentals = _of_store(Rental.objects.all(), store_id)
    ranked = list(
        rentals.filter(payment_date__gte=since, payment_date__lt=until)
        .values(movie_id=F("inventory__movie_id"))
        .annotate(rentals=Count("id"), revenue=Sum("amount_paid"))
        .order_by("-rentals", "movie_id")[:limit]
    )
    titles = dict(
        Movie.objects.filter(id__in=[row["movie_id"] for row in ranked]).values_list("id", "title")
    )
    return [{**row, "title": titles.get(row["movie_id"], "")} for row in ranked]


def rental_overdue_list(*, store_id: int | None, now: datetime.datetime) -> QuerySet[Rental]:
    """Rentals not returned and past their end date, the longest overdue first."""
    return (
        _of_store(Rental.objects.all(), store_id)
        .filter(return_date__isnull=True, rental_end_date__lt=now)
        .select_related("customer", "inventory__movie")
        .order_by("rental_end_date", "id")
    )


def rental_started_between(
    *, store_id: int | None, since: datetime.datetime, until: datetime.datetime
) -> QuerySet[Rental]:
    """Rentals started in [since, until), the newest first."""
    return (
        _of_store(Rental.objects.all(), store_id)
        .filter(rental_start_date__gte=since, rental_start_date__lt=until)
        .select_related("customer", "inventory__movie")
        .order_by("-rental_start_date", "-id")
    )
