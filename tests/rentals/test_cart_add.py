"""POST /api/cart."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reelfake.bodies import validated_data
from rentals.models import Cart
from rentals.serializers import CartCreateBodySerializer
from tests.factories import CartFactory, MovieFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def movie(db):
    return MovieFactory(title="Heat")


def add(client, body):
    return client.post("/api/cart", body, format="json")


def test_anonymous_is_401(anon_client, movie):
    response = add(anon_client, {"movieId": movie.id})
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_staff_is_403(staff_client, movie):
    response = add(staff_client, {"movieId": movie.id})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_adds_with_quantity_one_by_default(customer_client, customer, movie):
    response = add(customer_client, {"movieId": movie.id})
    assert response.status_code == 201
    row = Cart.objects.get(customer=customer)
    body = response.json()
    assert (body["id"], body["quantity"], body["movie"]["title"]) == (row.id, 1, "Heat")
    assert list(body["movie"])[-1] == "rentalRate"
    assert row.quantity == 1


def test_adds_the_given_quantity(customer_client, customer, movie):
    assert add(customer_client, {"movieId": movie.id, "quantity": 3}).json()["quantity"] == 3
    assert Cart.objects.get(customer=customer).quantity == 3


def test_movie_already_in_the_cart_is_400(customer_client, customer, movie):
    CartFactory(customer=customer, movie=movie)
    response = add(customer_client, {"movieId": movie.id})
    assert response.status_code == 400
    assert response.json() == error("Cart already exist for the movie")
    assert Cart.objects.filter(customer=customer).count() == 1


def test_another_customers_row_for_the_movie_does_not_count(
    customer_client, customer, movie, other_customer
):
    CartFactory(customer=other_customer, movie=movie)
    response = add(customer_client, {"movieId": movie.id})
    assert response.status_code == 201
    row = Cart.objects.get(customer=customer)
    assert (response.json()["id"], response.json()["quantity"]) == (row.id, 1)


def test_unknown_movie_is_404(customer_client):
    response = add(customer_client, {"movieId": 424242})
    assert response.status_code == 404
    assert response.json() == error("Movie not found")


@pytest.mark.parametrize(
    "body", [{}, {"movieId": None}, {"movieId": "abc"}, {"movieId": 1.5}, {"quantity": 2}]
)
def test_missing_or_non_numeric_movie_is_400(customer_client, body):
    response = add(customer_client, body)
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")


def test_null_quantity_is_missing_data(customer_client, movie):
    response = add(customer_client, {"movieId": movie.id, "quantity": None})
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "two", True])
def test_quantity_must_be_a_whole_number_of_at_least_one(customer_client, movie, quantity):
    response = add(customer_client, {"movieId": movie.id, "quantity": quantity})
    assert response.status_code == 400
    assert response.json() == error("Quantity must be a whole number greater than zero")
    assert not Cart.objects.exists()


def test_duplicate_in_a_race_is_the_same_400(customer_client, customer, movie, monkeypatch):
    CartFactory(customer=customer, movie=movie)
    real_filter = Cart.objects.filter
    monkeypatch.setattr("rentals.services.Cart.objects.filter", lambda **kw: real_filter(id=-1))
    response = add(customer_client, {"movieId": movie.id})
    assert response.status_code == 400
    assert response.json() == error("Cart already exist for the movie")


@pytest.mark.parametrize("movie_id", [2**31, 10**12, 0, -5])
def test_movie_id_outside_the_id_range_is_404(customer_client, movie_id):
    response = add(customer_client, {"movieId": movie_id})
    assert response.status_code == 404
    assert response.json() == error("Movie not found")
    assert not Cart.objects.exists()


def test_adding_writes_one_insert_and_looks_nothing_up_first(customer_client, movie):
    with CaptureQueriesContext(connection) as queries:
        add(customer_client, {"movieId": movie.id})
    statements = [q["sql"].split(None, 1)[0].upper() for q in queries.captured_queries]
    written = statements.index("INSERT")
    assert statements.count("INSERT") == 1
    assert "SELECT" not in statements[statements.index("SAVEPOINT") : written]


def test_the_body_reaches_the_service_under_the_model_field_names():
    data = validated_data(CartCreateBodySerializer, {"movieId": "7", "quantity": 2})
    assert data == {"movie_id": 7, "quantity": 2}
