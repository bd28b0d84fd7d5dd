"""`?page=200000000000000000` (an offset past PostgreSQL's bigint) answered 500 on
addresses, store movies, rentals, my_rentals and store staff (issue 13 item 15). Every list
now answers it as any page past its end (reelfake/pagination.py): the lists that refuse such
a page with 404 "Page out of range", as /api/movies does; addresses and the optional pages
of P23 with 200 and no items, as the contract says for them.
tests/robustness/test_bad_input_sweep.py sends such pages to every paginated list."""

import pytest

from tests.conftest import logged_in_client
from tests.factories import (
    PASSWORD,
    AddressFactory,
    InventoryFactory,
    MovieFactory,
    RentalFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

HUGE = "200000000000000000"
OUT_OF_RANGE = {"status": "error", "message": "Page out of range"}


def assert_empty_page(response, key="items"):
    assert response.status_code == 200
    body = response.json()
    assert (body[key], body["length"]) == ([], 0)
    assert body["pagination"]["pageNumber"] == int(HUGE)


def test_movies_answer_404(anon_client):
    MovieFactory()
    response = anon_client.get("/api/movies", {"page": HUGE})
    assert response.status_code == 404
    assert response.json() == OUT_OF_RANGE


def test_store_movies_answer_404_like_movies(anon_client):
    inventory = InventoryFactory(stock_count=2)
    response = anon_client.get(f"/api/stores/{inventory.store_id}/movies", {"page": HUGE})
    assert response.status_code == 404
    assert response.json() == OUT_OF_RANGE


def test_addresses_answer_an_empty_page(anon_client):
    AddressFactory()
    assert_empty_page(anon_client.get("/api/addresses", {"page": HUGE}))


def test_rentals_answer_an_empty_page(store_manager, manager_client):
    RentalFactory(inventory__store=store_manager.store, staff=store_manager)
    assert_empty_page(manager_client.get("/api/rentals", {"page": HUGE}))


def test_store_rentals_answer_an_empty_page(store_manager, manager_client):
    RentalFactory(inventory__store=store_manager.store, staff=store_manager)
    response = manager_client.get("/api/rentals/my_store", {"page": HUGE})
    assert_empty_page(response, key="rentals")


def test_my_rentals_answer_an_empty_page(customer, customer_client):
    RentalFactory(customer=customer)
    assert_empty_page(customer_client.get("/api/customers/my_rentals", {"page": HUGE}))


def test_store_staff_answer_an_empty_page(store_manager):
    staff = StaffFactory(store=store_manager.store)
    client = logged_in_client(staff.email, PASSWORD)
    response = client.get(f"/api/stores/{store_manager.store_id}/staff", {"page": HUGE})
    assert_empty_page(response)
