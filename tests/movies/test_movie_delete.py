"""DELETE /api/movies/{id} (store managers; W10)."""

import pytest

from movies.models import Actor, Movie, MovieActor
from stores.models import Inventory
from tests.factories import (
    CartFactory,
    InventoryFactory,
    MovieActorFactory,
    MovieFactory,
    RentalFactory,
    WishlistFactory,
)
from tests.movies.helpers import FORBIDDEN, UNAUTHENTICATED, bad_request, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def movie():
    return MovieFactory()


def delete(client, movie_id):
    return client.delete(f"/api/movies/{movie_id}")


def test_manager_deletes_a_movie(manager_client, movie):
    response = delete(manager_client, movie.id)
    assert (response.status_code, response.content) == (204, b"")
    assert not Movie.objects.filter(id=movie.id).exists()


def test_its_cast_rows_and_inventory_go_and_the_actors_stay(manager_client, movie):
    cast = MovieActorFactory(movie=movie)
    InventoryFactory(movie=movie)
    delete(manager_client, movie.id)
    assert not MovieActor.objects.filter(movie_id=movie.id).exists()
    assert not Inventory.objects.filter(movie_id=movie.id).exists()
    assert Actor.objects.filter(id=cast.actor_id).exists()


def test_other_movies_are_untouched(manager_client, movie):
    other = MovieActorFactory()
    delete(manager_client, movie.id)
    assert MovieActor.objects.filter(id=other.id).exists()


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda m: RentalFactory(inventory=InventoryFactory(movie=m)), "rentals"),
        (lambda m: CartFactory(movie=m), "carts"),
        (lambda m: WishlistFactory(movie=m), "wishlists"),
    ],
)
def test_a_referenced_movie_is_a_conflict_and_nothing_changes(manager_client, movie, make, what):
    make(movie)
    cast = MovieActorFactory(movie=movie)
    response = delete(manager_client, movie.id)
    assert error(response) == (
        409,
        {
            "status": "error",
            "message": f"Movie with id {movie.id} cannot be deleted: {what} still reference it",
        },
    )
    assert Movie.objects.filter(id=movie.id).exists()
    assert MovieActor.objects.filter(id=cast.id).exists()


def test_the_conflict_names_every_kind_of_reference(manager_client, movie):
    RentalFactory(inventory=InventoryFactory(movie=movie))
    CartFactory(movie=movie)
    WishlistFactory(movie=movie)
    response = delete(manager_client, movie.id)
    assert response.json()["message"] == (
        f"Movie with id {movie.id} cannot be deleted: rentals, carts and wishlists still "
        "reference it"
    )


def test_inventory_without_rentals_does_not_block_a_delete(manager_client, movie):
    inventory = InventoryFactory(movie=movie)
    response = delete(manager_client, movie.id)
    assert (response.status_code, response.content) == (204, b"")
    assert not Movie.objects.filter(id=movie.id).exists()
    assert not Inventory.objects.filter(id=inventory.id).exists()


@pytest.mark.parametrize("movie_id", ["abc", "2.5"])
def test_a_non_numeric_id_is_rejected(manager_client, movie_id):
    assert error(delete(manager_client, movie_id)) == bad_request("Invalid movie id")


@pytest.mark.parametrize("movie_id", ["0", "-1", "424242", "99999999999"])
def test_an_unknown_movie_is_not_found(manager_client, movie_id):
    response = delete(manager_client, movie_id)
    assert error(response) == (404, {"status": "error", "message": "Resources not found"})


def test_anonymous_caller_cannot_delete(anon_client, movie):
    assert error(delete(anon_client, movie.id)) == UNAUTHENTICATED
    assert Movie.objects.filter(id=movie.id).exists()


@pytest.mark.parametrize("client_name", ["customer_client", "staff_client"])
def test_customers_and_staff_cannot_delete(request, movie, client_name):
    assert error(delete(request.getfixturevalue(client_name), movie.id)) == FORBIDDEN
    assert Movie.objects.filter(id=movie.id).exists()
