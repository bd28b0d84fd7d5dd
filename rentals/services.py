"""Writes of rentals, cart and wishlist: the rental loop (checkout, return) and the
customer's cart and wishlist (docs/stores.md).

Stock never goes below zero: checkout locks the inventory rows it takes copies from (in id
order, so concurrent checkouts cannot deadlock) and decrements them with a conditional
UPDATE, backed by the schema's CHECK (stock_count >= 0). The stats summary tables follow
the rental rows through the triggers of reelfake/db/schema.sql ("Stats summaries")."""

from __future__ import annotations

import datetime
import math

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from people.models import Customer
from reelfake.exceptions import ApplicationError, constraint_errors_mapped
from rentals.models import Cart, Rental, Wishlist
from stores.models import Inventory, Store

MSG_MISSING_DATA = "Request is missing required data"
MSG_QUANTITY = "Quantity must be a whole number greater than zero"
MSG_MOVIE_NOT_FOUND = "Movie not found"
MSG_CART_EXISTS = "Cart already exist for the movie"
MSG_CART_NOT_FOUND = "Cart not found"
MSG_WISHLIST_EXISTS = "Wishlist already exist for the customer with the given movie"
MSG_WISHLIST_NOT_FOUND = "Wishlist not found"
MSG_NO_STORE = "Preferred store not found for the customer"
MSG_STORE_ID = "Store id must be a number"
MSG_STORE_NOT_FOUND = "Store not found"
MSG_CART_EMPTY = "Cart is empty"
MSG_OUT_OF_STOCK = "Not enough copies in stock at store {store} for: {titles}"
MSG_ALREADY_RETURNED = "Rental is already returned"

INT_MAX = 2_147_483_647
RENTAL_DAYS = 3  # a checkout rents for three days at the movie's rental rate
DAY = datetime.timedelta(days=1)

CART_CONSTRAINTS = {
    "cart_customer_movie_key": (MSG_CART_EXISTS, 400),
    "cart_movie_id_fkey": (MSG_MOVIE_NOT_FOUND, 404),
}
WISHLIST_CONSTRAINTS = {
    "wishlist_customer_movie_key": (MSG_WISHLIST_EXISTS, 400),
    "wishlist_movie_id_fkey": (MSG_MOVIE_NOT_FOUND, 404),
}


def _refuse_impossible_movie_id(movie_id: int) -> None:
    """A movie id past the column's range names no movie: 404 before the INSERT, which
    would fail on the range instead of on the movie key."""
    if not 0 < movie_id <= INT_MAX:
        raise ApplicationError(MSG_MOVIE_NOT_FOUND, status=404)


# Cart -------------------------------------------------------------------------------------


@constraint_errors_mapped(CART_CONSTRAINTS)
@transaction.atomic
def cart_add(*, customer_id: int, movie_id: int, quantity: int = 1) -> Cart:
    """POST /cart, after rentals.serializers.CartCreateBodySerializer. One INSERT: its
    constraints answer a movie already in the cart (400) and an unknown movie (404), as
    CART_CONSTRAINTS maps them, without a query to look first (docs/performance.md
    "Cart and wishlist writes")."""
    _refuse_impossible_movie_id(movie_id)
    return Cart.objects.create(customer_id=customer_id, movie_id=movie_id, quantity=quantity)


def cart_set_quantity(*, cart: Cart, quantity: int | None = None) -> None:
    """PUT /cart/{id}: a missing quantity changes nothing."""
    if quantity is None:
        return
    Cart.objects.filter(id=cart.id).update(quantity=quantity)


def cart_delete(*, cart: Cart) -> None:
    Cart.objects.filter(id=cart.id).delete()


@constraint_errors_mapped(WISHLIST_CONSTRAINTS)
@transaction.atomic
def cart_move_to_wishlist(*, cart: Cart) -> Wishlist:
    """POST /cart/{id}/move_to_wishlist: the cart row goes, the movie lands on the wishlist;
    a movie already wishlisted keeps its row (P12)."""
    deleted, _ = Cart.objects.filter(id=cart.id).delete()
    if not deleted:  # a concurrent request moved or deleted it first
        raise ApplicationError(MSG_CART_NOT_FOUND, status=404)
    # The movie exists: the cart row's key kept it (a movie deleted meanwhile fails
    # wishlist_movie_id_fkey: 404). Inserted, or the row already there.
    key = [cart.customer_id, cart.movie_id]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wishlist (customer_id, movie_id) VALUES (%s, %s) "
            "ON CONFLICT (customer_id, movie_id) DO NOTHING RETURNING id",
            key,
        )
        row = cursor.fetchone()
        if row is None:
            cursor.execute("SELECT id FROM wishlist WHERE customer_id = %s AND movie_id = %s", key)
            row = cursor.fetchone()
        wishlist_id = row[0]
    return Wishlist(id=wishlist_id, customer_id=cart.customer_id, movie_id=cart.movie_id)


# Wishlist ---------------------------------------------------------------------------------


@constraint_errors_mapped(WISHLIST_CONSTRAINTS)
@transaction.atomic
def wishlist_add(*, customer_id: int, movie_id: int) -> Wishlist:
    """POST /wishlist: one INSERT, its constraints mapped by WISHLIST_CONSTRAINTS (as
    cart_add)."""
    _refuse_impossible_movie_id(movie_id)
    return Wishlist.objects.create(customer_id=customer_id, movie_id=movie_id)


def wishlist_delete(*, wishlist: Wishlist) -> None:
    Wishlist.objects.filter(id=wishlist.id).delete()


@constraint_errors_mapped(CART_CONSTRAINTS)
@transaction.atomic
def wishlist_move_to_cart(*, wishlist: Wishlist) -> Cart:
    """POST /wishlist/{id}/move_to_cart: the wishlist row goes, the movie goes into the cart
    with quantity 1, or one more copy when it is already there (P12). One upsert, so two
    concurrent moves cannot both insert."""
    deleted, _ = Wishlist.objects.filter(id=wishlist.id).delete()
    if not deleted:
        raise ApplicationError(MSG_WISHLIST_NOT_FOUND, status=404)
    # As above: the wishlist row kept the movie; one deleted meanwhile fails
    # cart_movie_id_fkey (404).
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cart (customer_id, movie_id, quantity) VALUES (%s, %s, 1) "
            "ON CONFLICT (customer_id, movie_id) DO UPDATE SET quantity = cart.quantity + 1 "
            "RETURNING id, quantity",
            [wishlist.customer_id, wishlist.movie_id],
        )
        cart_id, quantity = cursor.fetchone()
    return Cart(
        id=cart_id, customer_id=wishlist.customer_id, movie_id=wishlist.movie_id, quantity=quantity
    )


# The rental loop --------------------------------------------------------------------------


def _checkout_store(customer: Customer, store_id: int | None) -> int:
    if store_id is None:
        if customer.preferred_store_id is None:
            raise ApplicationError(MSG_NO_STORE)
        return customer.preferred_store_id
    if not Store.objects.filter(id=store_id).exists():
        raise ApplicationError(MSG_STORE_NOT_FOUND, status=404)
    return store_id


def _out_of_stock(store: int, titles: list[str]) -> ApplicationError:
    return ApplicationError(
        MSG_OUT_OF_STOCK.format(store=store, titles=", ".join(titles)),
        status=409,
        extra={"movies": titles},
    )


@transaction.atomic
def rental_checkout(*, customer: Customer, store_id: int | None = None) -> list[Rental]:
    """POST /rentals/checkout: everything in the customer's cart, rented from one store
    (the body's `storeId`, else the preferred store): one online rental per copy for
    RENTAL_DAYS at the movie's rental rate, stock decremented, cart emptied — or, when any
    movie lacks copies there, 409 naming them and nothing changed."""
    store = _checkout_store(customer, store_id)
    # The customer's cart rows, locked: a second checkout of the same cart waits and then
    # finds it empty.
    cart = list(
        Cart.objects.select_for_update(of=("self",))
        .select_related("movie")
        .filter(customer_id=customer.id)
        .order_by("movie_id")
    )
    if not cart:
        raise ApplicationError(MSG_CART_EMPTY)
    # Lock the store's rows for these movies in id order: concurrent checkouts queue here,
    # each seeing the stock the previous one left.
    stock = {
        row.movie_id: row
        for row in Inventory.objects.select_for_update()
        .filter(store_id=store, movie_id__in=[item.movie_id for item in cart])
        .order_by("id")
    }
    short = [
        item.movie.title
        for item in cart
        if item.movie_id not in stock or stock[item.movie_id].stock_count < item.quantity
    ]
    if short:
        raise _out_of_stock(store, short)
    for item in cart:
        # Conditional, so that even a writer that skipped the lock cannot drive it negative.
        taken = Inventory.objects.filter(
            id=stock[item.movie_id].id, stock_count__gte=item.quantity
        ).update(stock_count=F("stock_count") - item.quantity)
        if not taken:
            raise _out_of_stock(store, [item.movie.title])
    Cart.objects.filter(id__in=[item.id for item in cart]).delete()
    now = timezone.now()
    return Rental.objects.bulk_create(
        [
            Rental(
                inventory_id=stock[item.movie_id].id,
                customer_id=customer.id,
                staff=None,
                rental_start_date=now,
                rental_end_date=now + RENTAL_DAYS * DAY,
                amount_paid=item.movie.rental_rate,
                discount_amount=0,
                payment_date=now,
                rental_type="online",
            )
            for item in cart
            for _ in range(item.quantity)
        ]
    )


def delay_in_days(end: datetime.datetime, returned: datetime.datetime) -> int | None:
    """Whole days a return is late, rounded up (any part of a day counts); None on time,
    as in the seeded rentals."""
    late = returned - end
    if late <= datetime.timedelta(0):
        return None
    return math.ceil(late / DAY)


@transaction.atomic
def rental_return(*, rental: Rental) -> None:
    """PATCH /rentals/{id}/return, after store scoping: the return date is now, the delay
    is computed, and the copy goes back into stock. A second return is refused."""
    locked = Rental.objects.select_for_update().get(id=rental.id)
    if locked.return_date is not None:
        raise ApplicationError(MSG_ALREADY_RETURNED)
    now = timezone.now()
    Rental.objects.filter(id=locked.id).update(
        return_date=now, delayed_by_days=delay_in_days(locked.rental_end_date, now)
    )
    Inventory.objects.filter(id=locked.inventory_id).update(stock_count=F("stock_count") + 1)
