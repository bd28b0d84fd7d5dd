"""GET /api/cart."""

import pytest

from movies.selectors import movie_with_names
from rentals.models import Cart
from rentals.serializers import CartSerializer
from tests.factories import CartFactory, GenreFactory, MovieFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED

pytestmark = pytest.mark.django_db


def test_anonymous_is_401(anon_client):
    response = anon_client.get("/api/cart")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("role", ["staff_client", "manager_client"])
def test_staff_roles_are_403(request, role):
    response = request.getfixturevalue(role).get("/api/cart")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_lists_the_callers_rows_with_the_movie_summary(customer_client, customer, other_customer):
    drama = GenreFactory(genre_name="Drama")
    movie = MovieFactory(title="Heat", genre_ids=[drama.id])
    row = CartFactory(customer=customer, movie=movie, quantity=2)
    CartFactory(customer=other_customer)
    response = customer_client.get("/api/cart")
    assert response.status_code == 200
    body = response.json()
    assert body["length"] == 1
    assert body["items"][0] == {
        "id": row.id,
        "quantity": 2,
        "movie": {
            "id": movie.id,
            "title": "Heat",
            "runtime": 100,
            "releaseDate": "2020-05-17",
            "genres": ["Drama"],
            "countriesOfOrigin": None,
            "language": movie.language.iso_language_code,
            "popularity": 5.5,
            "ratingAverage": 7.45,
            "ratingCount": 67,
            "posterUrl": "https://image.tmdb.org/t/p/w500/x.jpg",
            "rentalRate": "4.99",
        },
    }


def test_empty_cart(customer_client):
    assert customer_client.get("/api/cart").json() == {"items": [], "length": 0}


def test_items_equal_the_cart_serializers_output(customer_client, customer):
    drama, war = GenreFactory(genre_name="Drama"), GenreFactory(genre_name="War")
    movie = MovieFactory(genre_ids=[war.id, drama.id], poster_url="/api/images/posters/1.svg")
    CartFactory(customer=customer, movie=movie, quantity=3)
    response = customer_client.get("/api/cart")
    cart = Cart.objects.get(customer=customer)
    cart.movie = movie_with_names().get(id=movie.id)
    request = response.wsgi_request
    expected = CartSerializer(cart, context={"request": request}).data
    assert response.json()["items"] == [expected]
