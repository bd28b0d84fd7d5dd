"""GET /api/customers/my_rentals."""

import pytest

from tests.factories import (
    AddressFactory,
    InventoryFactory,
    MovieFactory,
    RentalFactory,
    StoreFactory,
)
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED

pytestmark = pytest.mark.django_db


def test_anonymous_is_401(anon_client):
    response = anon_client.get("/api/customers/my_rentals")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("role", ["staff_client", "manager_client"])
def test_staff_roles_are_403(request, role):
    response = request.getfixturevalue(role).get("/api/customers/my_rentals")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_lists_the_callers_rentals_with_movie_and_store(
    customer_client, customer, other_customer, melbourne
):
    store = StoreFactory(
        phone_number="0290000001", address=AddressFactory(city=melbourne, in_use_by="store")
    )
    movie = MovieFactory(title="Heat", imdb_id="tt0113277", rating_average="8.30")
    own = RentalFactory(customer=customer, inventory=InventoryFactory(store=store, movie=movie))
    RentalFactory(customer=other_customer)
    response = customer_client.get("/api/customers/my_rentals")
    assert response.status_code == 200
    body = response.json()
    assert body["length"] == 1
    item = body["items"][0]
    assert item["id"] == own.id
    assert item["rentalDuration"] == 3
    assert item["movie"] == {
        "id": movie.id,
        "title": "Heat",
        "imdbId": "tt0113277",
        "posterUrl": "https://image.tmdb.org/t/p/w500/x.jpg",
        "ratingAverage": 8.3,
        "ratingCount": 67,
    }
    assert item["store"] == {
        "id": store.id,
        "phoneNumber": "0290000001",
        "storeManagerId": None,
        "address": {
            "id": store.address_id,
            "addressLine": store.address.address_line,
            "cityName": "Melbourne",
            "stateName": "Victoria",
            "country": "Australia",
            "postalCode": "3000",
        },
    }


def test_ordered_by_id_and_optionally_paged(customer_client, customer):
    rentals = [RentalFactory(customer=customer) for _ in range(3)]
    body = customer_client.get("/api/customers/my_rentals").json()
    assert [item["id"] for item in body["items"]] == [rental.id for rental in rentals]
    paged = customer_client.get("/api/customers/my_rentals?page=1").json()
    assert paged["pagination"]["totalItems"] == 3


def test_customer_without_rentals_gets_an_empty_list(customer_client):
    assert customer_client.get("/api/customers/my_rentals").json() == {"items": [], "length": 0}
