"""Reads of stores and inventory."""

from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch, QuerySet, Sum

from movies.models import Movie
from movies.selectors import movie_values, movie_with_names, name_movie_rows
from people.models import Staff
from places.selectors import address_joins
from reelfake.db.compiled import values_names
from reelfake.pagination import PAGE_SIZE
from reelfake.reference import reference_kept
from stores.models import Inventory, Store


def store_list() -> QuerySet[Store]:
    """GET /stores: every store by id (read as stores.serializers.STORE_ROW rows)."""
    return Store.objects.order_by("id")


def store_detail_queryset() -> QuerySet[Store]:
    """Stores with what StoreCreatedSerializer reads: the store's address and the manager
    with the manager's own address (P15), in one query."""
    return Store.objects.select_related(
        *address_joins("address"), *address_joins("store_manager__address")
    )


def store_detail(store_id: int) -> Store | None:
    """GET /stores/{id}: the detail plus `staff_count` (staff whose store it is)."""
    store = store_detail_queryset().filter(id=store_id).first()
    if store is not None:
        store.staff_count = Staff.objects.filter(store_id=store_id).count()
    return store


def store_get(store_id: int) -> Store | None:
    return Store.objects.select_related("address__city__country").filter(id=store_id).first()


def store_stock_count(store_id: int) -> int | None:
    """Copies the store holds over all its inventory rows; None when it has none."""
    return Inventory.objects.filter(store_id=store_id).aggregate(stock=Sum("stock_count"))["stock"]


def store_movie_rows(store_id: int, movies: QuerySet[Movie] | None = None) -> QuerySet[Inventory]:
    """GET /stores/{id}/movies: the store's in-stock inventory rows by id, restricted to
    `movies` (a filtered movie queryset) when given."""
    rows = Inventory.objects.filter(store_id=store_id, stock_count__gt=0)
    if movies is not None:
        rows = rows.filter(movie__in=movies.values("id"))
    return rows.order_by("id")


class StoreMoviePage:
    """The store's movie rows as ReelfakePagination reads a queryset (`count()`, then one
    slice), the slice as values() rows of `shape` (stores.serializers.STORE_MOVIE_ROW: the
    inventory row with its movie, named by movies.selectors.name_movie_rows()). When the page
    is known up front (`first_row`, from reelfake.pagination.first_row_of) the count and the
    page come back in one round trip (docs/stores.md has the measurements)."""

    def __init__(self, rows: QuerySet[Inventory], *, shape, first_row: int | None = None):
        self.rows = rows
        self.columns, self.named = movie_values(shape, by_id=reference_kept(), prefix="movie__")
        self.first_row = first_row
        self._fetched: tuple[slice, list[dict]] | None = None

    def count(self) -> int:
        if self.first_row is None:
            return self.rows.count()
        page = slice(self.first_row, self.first_row + PAGE_SIZE)
        total, items = self._fetch(page, with_total=True)
        self._fetched = (page, items)
        return total

    def __getitem__(self, page: slice) -> list[dict]:
        if self._fetched is not None and self._fetched[0] == page:
            return self._fetched[1]
        return self._fetch(page)[1]

    def _fetch(self, page: slice, *, with_total: bool = False) -> tuple[int | None, list[dict]]:
        query = self.rows.values(*self.columns, **self.named)[page].query
        names = values_names(query)
        items_sql, params = query.sql_with_params()
        position = names.index("id") + 2  # after the total
        if with_total:
            # One row even for an empty page, so the total always comes back.
            count_sql, count_params = self.rows.order_by().values("id").query.sql_with_params()
            items_sql = (
                f"SELECT t.n, i.* FROM (SELECT count(*) AS n FROM ({count_sql}) c) t "
                f"LEFT JOIN ({items_sql}) i ON true ORDER BY {position}"
            )
            params = (*count_params, *params)
        else:
            items_sql = f"SELECT NULL, i.* FROM ({items_sql}) i ORDER BY {position}"
        with connection.cursor() as cursor:
            cursor.execute(items_sql, params)
            rows = cursor.fetchall()
        total = rows[0][0] if rows else None
        items = [
            dict(zip(names, row[1:], strict=True)) for row in rows if row[position - 1] is not None
        ]
        return total, name_movie_rows(items, prefix="movie__")


def store_staff_list(store_id: int) -> QuerySet[Staff]:
    """GET /stores/{id}/staff: the store's staff by id (read as STORE_STAFF_ROW rows)."""
    return Staff.objects.filter(store_id=store_id).order_by("id")


def movie_store_list(movie_id: int) -> QuerySet[Inventory]:
    """GET /movies/{id}/stores: every inventory row of the movie (empty ones too), most
    copies first, then by inventory id."""
    return (
        Inventory.objects.filter(movie_id=movie_id)
        .select_related(*address_joins("store__address"))
        .order_by("-stock_count", "id")
    )


def inventory_get(inventory_id: int) -> Inventory | None:
    return Inventory.objects.filter(id=inventory_id).first()


def inventory_detail(inventory_id: int) -> Inventory:
    """POST /inventory's answer: the row with its movie shape and its store."""
    return (
        Inventory.objects.select_related(*address_joins("store__address"))
        .prefetch_related(Prefetch("movie", queryset=movie_with_names()))
        .get(id=inventory_id)
    )


# Copies at or below which a title is low on stock (the admin's filter and dashboard).
LOW_STOCK = 1


def inventory_low_stock(*, store_id: int | None, at_most: int) -> QuerySet[Inventory]:
    """Inventory rows (of one store, or all when None) with at most `at_most` copies left,
    the emptiest first, then by id (no join needed to order them); with movie and store."""
    rows = Inventory.objects.filter(stock_count__lte=at_most)
    if store_id is not None:
        rows = rows.filter(store_id=store_id)
    return rows.select_related("movie", "store").order_by("stock_count", "id")
