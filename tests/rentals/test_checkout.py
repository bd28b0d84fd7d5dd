"""POST /api/rentals/checkout: the cart becomes rentals, in one transaction."""

import datetime

import pytest
from django.utils import timezone

from rentals.models import Cart, Rental
from stores.models import Inventory
from tests.factories import CartFactory, CustomerFactory, InventoryFactory, MovieFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, client_for, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(store):
    """A customer whose preferred store is store 1."""
    return CustomerFactory(preferred_store=store)


@pytest.fixture
def shopper_client(shopper):
    return client_for(shopper)


@pytest.fixture
def heat(store):
    movie = MovieFactory(title="Heat", rental_rate="3.99")
    InventoryFactory(movie=movie, store=store, stock_count=5)
    return movie


@pytest.fixture
def alien(store):
    movie = MovieFactory(title="Alien", rental_rate="2.50")
    InventoryFactory(movie=movie, store=store, stock_count=1)
    return movie


def checkout(client, body=None):
    return client.post("/api/rentals/checkout", body or {}, format="json")


def stock(movie, store):
    return Inventory.objects.get(movie=movie, store=store).stock_count


def test_anonymous_is_401(anon_client):
    response = checkout(anon_client)
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("role", ["staff_client", "manager_client"])
def test_staff_roles_are_403(request, role):
    response = checkout(request.getfixturevalue(role))
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_rents_one_copy_per_quantity_from_the_preferred_store(
    shopper_client, shopper, store, heat, alien
):
    CartFactory(customer=shopper, movie=heat, quantity=2)
    CartFactory(customer=shopper, movie=alien, quantity=1)
    before = timezone.now()
    response = checkout(shopper_client)
    assert response.status_code == 201
    body = response.json()
    assert body["length"] == 3
    rentals = list(Rental.objects.filter(customer=shopper).order_by("id"))
    assert [item["id"] for item in body["items"]] == [rental.id for rental in rentals]
    # Cart rows are taken in movie id order (Heat was created first).
    assert [str(rental.amount_paid) for rental in rentals] == ["3.99", "3.99", "2.50"]
    for rental in rentals:
        assert rental.inventory.store_id == store.id
        assert rental.staff_id is None
        assert rental.rental_type == "online"
        assert rental.return_date is None
        assert rental.payment_date == rental.rental_start_date >= before
        assert rental.rental_end_date - rental.rental_start_date == datetime.timedelta(days=3)
        assert rental.discount_amount == 0
    assert (stock(heat, store), stock(alien, store)) == (3, 0)
    assert not Cart.objects.filter(customer=shopper).exists()
    item = body["items"][0]
    assert (item["rentalDuration"], item["amountPaid"], item["rentalType"]) == (3, "3.99", "online")
    assert item["movie"]["title"] == "Heat"
    assert item["store"]["id"] == store.id


def test_body_store_overrides_the_preferred_store(shopper_client, shopper, other_store):
    movie = MovieFactory()
    InventoryFactory(movie=movie, store=other_store, stock_count=1)
    CartFactory(customer=shopper, movie=movie)
    response = checkout(shopper_client, {"storeId": other_store.id})
    assert response.status_code == 201
    assert Rental.objects.get(customer=shopper).inventory.store_id == other_store.id


def test_null_store_rents_from_the_preferred_store(shopper_client, shopper, store, heat):
    CartFactory(customer=shopper, movie=heat)
    response = checkout(shopper_client, {"storeId": None})
    assert response.status_code == 201
    assert Rental.objects.get(customer=shopper).inventory.store_id == store.id


@pytest.mark.parametrize("store_id", [True, 1.5, "1.0", [1]])
def test_store_that_is_not_a_whole_number_is_400(shopper_client, store_id):
    response = checkout(shopper_client, {"storeId": store_id})
    assert response.status_code == 400
    assert response.json() == error("Store id must be a number")


def test_customer_without_preferred_store_and_no_store_in_body_is_400(customer_client, customer):
    CartFactory(customer=customer)
    response = checkout(customer_client)
    assert response.status_code == 400
    assert response.json() == error("Preferred store not found for the customer")


def test_non_numeric_store_is_400(shopper_client):
    response = checkout(shopper_client, {"storeId": "downtown"})
    assert response.status_code == 400
    assert response.json() == error("Store id must be a number")


def test_unknown_store_is_404(shopper_client):
    response = checkout(shopper_client, {"storeId": 8080})
    assert response.status_code == 404
    assert response.json() == error("Store not found")


def test_empty_cart_is_400(shopper_client):
    response = checkout(shopper_client)
    assert response.status_code == 400
    assert response.json() == error("Cart is empty")


def test_out_of_stock_is_409_naming_the_movies_and_changes_nothing(
    shopper_client, shopper, store, heat, alien
):
    unstocked = MovieFactory(title="Nowhere")
    CartFactory(customer=shopper, movie=heat, quantity=2)
    CartFactory(customer=shopper, movie=alien, quantity=2)
    CartFactory(customer=shopper, movie=unstocked, quantity=1)
    response = checkout(shopper_client)
    assert response.status_code == 409
    assert response.json() == {
        "status": "error",
        "message": f"Not enough copies in stock at store {store.id} for: Alien, Nowhere",
        "extra": {"movies": ["Alien", "Nowhere"]},
    }
    assert (stock(heat, store), stock(alien, store)) == (5, 1)
    assert Cart.objects.filter(customer=shopper).count() == 3
    assert not Rental.objects.exists()


def test_other_customers_carts_are_untouched(shopper_client, shopper, heat, other_customer):
    CartFactory(customer=shopper, movie=heat)
    CartFactory(customer=other_customer, movie=heat)
    checkout(shopper_client)
    assert Cart.objects.filter(customer=other_customer).count() == 1


def test_new_rentals_show_in_the_stats_at_once(
    shopper_client, shopper, store, heat, manager_client
):
    CartFactory(customer=shopper, movie=heat, quantity=2)
    checkout(shopper_client)
    movies = manager_client.get("/api/stats/most_rented_movies?limit=5").json()
    assert movies["items"] == [{"movieId": heat.id, "movieTitle": "Heat", "totalRentals": "2"}]
    stores = manager_client.get("/api/stats/sales_by_store?limit=5").json()
    assert [(item["storeId"], item["revenue"]) for item in stores["items"]] == [(store.id, "7.98")]
