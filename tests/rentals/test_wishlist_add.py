"""POST /api/wishlist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reelfake.bodies import validated_data
from rentals.models import Wishlist
from rentals.serializers import WishlistCreateBodySerializer
from tests.factories import MovieFactory, WishlistFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def movie(db):
    return MovieFactory(title="Heat")


def add(client, body):
    return client.post("/api/wishlist", body, format="json")


def test_anonymous_is_401(anon_client, movie):
    response = add(anon_client, {"movieId": movie.id})
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_staff_is_403(staff_client, movie):
    response = add(staff_client, {"movieId": movie.id})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_adds_the_movie(customer_client, customer, movie):
    response = add(customer_client, {"movieId": movie.id})
    assert response.status_code == 201
    row = Wishlist.objects.get(customer=customer)
    assert response.json()["id"] == row.id
    assert response.json()["movie"]["title"] == "Heat"


def test_already_wishlisted_is_400(customer_client, customer, movie):
    WishlistFactory(customer=customer, movie=movie)
    response = add(customer_client, {"movieId": movie.id})
    assert response.status_code == 400
    assert response.json() == error("Wishlist already exist for the customer with the given movie")


def test_unknown_movie_is_404(customer_client):
    response = add(customer_client, {"movieId": 31337})
    assert response.status_code == 404
    assert response.json() == error("Movie not found")


@pytest.mark.parametrize("body", [{}, {"movieId": None}, {"movieId": "one"}])
def test_missing_movie_is_400(customer_client, body):
    response = add(customer_client, body)
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")


@pytest.mark.parametrize("movie_id", [2**31, 10**12, 0, -5])
def test_movie_id_outside_the_id_range_is_404(customer_client, movie_id):
    response = add(customer_client, {"movieId": movie_id})
    assert response.status_code == 404
    assert response.json() == error("Movie not found")
    assert not Wishlist.objects.exists()


def test_adding_writes_one_insert_and_looks_nothing_up_first(customer_client, movie):
    with CaptureQueriesContext(connection) as queries:
        add(customer_client, {"movieId": movie.id})
    statements = [q["sql"].split(None, 1)[0].upper() for q in queries.captured_queries]
    written = statements.index("INSERT")
    assert statements.count("INSERT") == 1
    assert "SELECT" not in statements[statements.index("SAVEPOINT") : written]


def test_the_body_reaches_the_service_under_the_model_field_names():
    data = validated_data(WishlistCreateBodySerializer, {"movieId": 7})
    assert data == {"movie_id": 7}
