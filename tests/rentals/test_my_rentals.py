"""GET /api/customers/my_rentals."""

import datetime

import pytest

from reelfake.renderers import JSONRenderer
from rentals.models import Rental
from rentals.serializers import CustomerRentalSerializer
from tests.factories import (
    AddressFactory,
    InventoryFactory,
    MovieFactory,
    RentalFactory,
    StoreFactory,
)
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED

pytestmark = pytest.mark.django_db

PLUS_TEN = datetime.timezone(datetime.timedelta(hours=10))


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


def test_body_is_the_serializers_bytes(customer_client, customer, melbourne):
    store = StoreFactory(address=AddressFactory(city=melbourne, in_use_by="store"))
    movies = [
        MovieFactory(poster_url="/api/images/posters/7.jpg", imdb_id=None),
        MovieFactory(poster_url=None, rating_average="10.00", rating_count=0),
        MovieFactory(),
    ]
    for n, movie in enumerate(movies * 2):
        returned = {}
        if n % 2:
            returned = {
                "return_date": datetime.datetime(2024, 1, 15, 9, 30, 5, 123987, tzinfo=PLUS_TEN),
                "delayed_by_days": 2,
                "amount_paid": "12.50",
                "discount_amount": "1.05",
            }
        inventory = InventoryFactory(store=store if n < 3 else StoreFactory(), movie=movie)
        RentalFactory(customer=customer, inventory=inventory, **returned)
    response = customer_client.get("/api/customers/my_rentals")
    rentals = Rental.objects.filter(customer=customer).order_by("id")
    context = {"request": response.wsgi_request}
    expected = {
        "items": CustomerRentalSerializer(rentals, many=True, context=context).data,
        "length": 6,
    }
    assert response.content == JSONRenderer().render(expected)
    assert b'"posterUrl":"http://testserver/api/images/posters/7.jpg"' in response.content


def test_whole_list_is_two_queries_the_callers_identity_and_the_compiled_list(
    customer_client, customer, django_assert_num_queries
):
    RentalFactory.create_batch(2, customer=customer)
    # The connection's first list prepares the statement (reelfake/db/compiled.py).
    customer_client.get("/api/customers/my_rentals")
    with django_assert_num_queries(2) as queries:
        response = customer_client.get("/api/customers/my_rentals")
    assert response.json()["length"] == 2
    assert queries.captured_queries[-1]["sql"].startswith("EXECUTE reelfake_prepared_")


def test_whole_list_of_another_customer_reads_their_own_rentals(
    customer_client, customer, other_customer_client, other_customer
):
    RentalFactory(customer=customer)
    other = RentalFactory(customer=other_customer)
    customer_client.get("/api/customers/my_rentals")  # compiles the SQL for one caller
    body = other_customer_client.get("/api/customers/my_rentals").json()
    assert [item["id"] for item in body["items"]] == [other.id]
