"""Reads of rentals, cart and wishlist. Every list is ordered by id."""

from __future__ import annotations

from django.db.models import F, QuerySet

from movies.selectors import (
    COUNTRY_CODES,
    GENRE_NAMES,
    MOVIE_SUMMARY_VALUES,
)
from places.selectors import address_joins
from rentals.models import Cart, Rental, Wishlist


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


def customer_rental_list(customer_id: int) -> QuerySet[Rental]:
    """GET /customers/my_rentals: the caller's rentals with movie and store."""
    return customer_rentals().filter(customer_id=customer_id)


def customer_rentals() -> QuerySet[Rental]:
    """Rentals by id, read as CUSTOMER_RENTAL_ROW rows (movie and store with its address)."""
    return Rental.objects.order_by("id")


def rental_detail_queryset() -> QuerySet[Rental]:
    """Rentals with what RentalDetailSerializer reads, in one query: each nested address is
    that entity's own (P15)."""
    return Rental.objects.select_related(
        *address_joins("staff__address"),
        *address_joins("inventory__store__address"),
        "inventory__store__store_manager",
        *address_joins("customer__address"),
    )


def rental_get(rental_id: int) -> Rental | None:
    """A rental with its inventory row (for store scoping)."""
    return Rental.objects.select_related("inventory").filter(id=rental_id).first()


def _with_movie_summary() -> dict:
    """values() keyword columns: the row's movie as movies.selectors.movie_list() rows have
    it (MovieSummary), read in the row's own query. Keys are prefixed `film_`, as `movie_id`
    is the row's own column."""
    columns = {f"film_{key}": F(f"movie__{key}") for key in MOVIE_SUMMARY_VALUES}
    columns["film_language_code"] = F("movie__language__iso_language_code")
    columns["film_genre_names"] = GENRE_NAMES
    columns["film_country_codes"] = COUNTRY_CODES
    return columns


def cart_rows(customer_id: int, *, cart_id: int | None = None) -> QuerySet:
    """The customer's cart (or that one row of it) as rows: id, quantity, film_*."""
    rows = Cart.objects.filter(customer_id=customer_id)
    if cart_id is not None:
        rows = rows.filter(id=cart_id)
    return rows.order_by("id").values("id", "quantity", **_with_movie_summary())


def wishlist_rows(customer_id: int, *, wishlist_id: int | None = None) -> QuerySet:
    """The customer's wishlist (or that one row of it) as rows: id, film_*."""
    rows = Wishlist.objects.filter(customer_id=customer_id)
    if wishlist_id is not None:
        rows = rows.filter(id=wishlist_id)
    return rows.order_by("id").values("id", **_with_movie_summary())
