"""Reads of stores and inventory."""

from __future__ import annotations

import functools

from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    JSONField,
    Prefetch,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat

from movies.models import Movie
from movies.selectors import movie_with_names
from people.models import Staff
from places.selectors import address_joins
from reelfake.pagination import PAGE_SIZE
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


class JsonBuildObject(Func):
    """json_build_object(key, value, …): a JSON object whose keys keep the given order
    (jsonb, which Django's JSONObject builds, would sort them)."""

    function = "json_build_object"
    output_field = JSONField()

    def __init__(self, **fields):
        super().__init__(*[part for key, value in fields.items() for part in (Value(key), value)])


def movie_detail_json(base_url: str) -> QuerySet[Movie]:
    """Movies annotated with `detail`: the MovieDetail shape of
    movies.serializers.MovieDetailSerializer, field for field and in its key order, built by
    PostgreSQL (tests/stores/test_store_movies.py holds the two equal). `base_url` makes
    site-relative poster URLs absolute, as AbsoluteUrlField does."""
    poster = Case(
        When(poster_url__startswith="/", then=Concat(Value(base_url), F("poster_url"))),
        default=F("poster_url"),
    )
    return movie_with_names().annotate(
        detail=JsonBuildObject(
            id=F("id"),
            title=F("title"),
            originalTitle=F("original_title"),
            overview=F("overview"),
            runtime=F("runtime"),
            releaseDate=F("release_date"),
            genres=F("genre_names"),
            countriesOfOrigin=F("country_codes"),
            movieStatus=F("movie_status"),
            popularity=F("popularity"),
            budget=Cast("budget", TextField()),
            revenue=Cast("revenue", TextField()),
            ratingAverage=Cast("rating_average", FloatField()),
            ratingCount=F("rating_count"),
            posterUrl=poster,
            rentalRate=Cast("rental_rate", TextField()),
            language=F("language__iso_language_code"),
        )
    )


@functools.lru_cache(maxsize=16)
def _movie_detail_sql(base_url: str) -> tuple[str, tuple]:
    """The compiled SQL of movie_detail_json() (building the expression costs more than
    running it), per base URL. Unordered, so PostgreSQL folds it into the page's join and
    builds the JSON of the page's movies only."""
    movies = movie_detail_json(base_url).order_by().values("id", "detail")
    return movies.query.sql_with_params()


class StoreMoviePage:
    """The store's movie rows as ReelfakePagination reads a queryset (`count()`, then one
    slice), with the slice as the contract's items ({"id", "stock", "movie"}). PostgreSQL
    builds the movie objects of the page's 50 rows, so no model instance or serializer runs
    per row, and when the page is known up front (`first_row`, from
    reelfake.pagination.first_row_of) the count and the page come back in one round trip
    (docs/stores.md has the measurements)."""

    def __init__(self, rows: QuerySet[Inventory], *, base_url: str, first_row: int | None = None):
        self.rows = rows
        self.base_url = base_url
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
        page_sql, page_params = self.rows.values("id", "stock_count", "movie_id")[
            page
        ].query.sql_with_params()
        movie_sql, movie_params = _movie_detail_sql(self.base_url)
        items_sql = (
            f"SELECT p.id, p.stock_count, m.detail FROM ({page_sql}) p "
            f"JOIN ({movie_sql}) m ON m.id = p.movie_id"
        )
        params = [*page_params, *movie_params]
        if with_total:
            # One row even for an empty page, so the total always comes back.
            count_sql, count_params = self.rows.order_by().values("id").query.sql_with_params()
            items_sql = (
                f"SELECT t.n, i.* FROM (SELECT count(*) AS n FROM ({count_sql}) c) t "
                f"LEFT JOIN ({items_sql}) i ON true"
            )
            params = [*count_params, *params]
        else:
            items_sql = f"SELECT NULL, i.* FROM ({items_sql}) i"
        with connection.cursor() as cursor:
            cursor.execute(f"{items_sql} ORDER BY 2", params)
            rows = cursor.fetchall()
        total = rows[0][0] if rows else None
        items = [
            {"id": row_id, "stock": stock, "movie": detail}
            for _, row_id, stock, detail in rows
            if row_id is not None
        ]
        return total, items


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
