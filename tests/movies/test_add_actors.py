"""POST /api/movies/{id}/add_actors (store managers; W17)."""

import pytest

from movies.models import Actor, MovieActor
from tests.factories import ActorFactory, MovieActorFactory, MovieFactory
from tests.movies.helpers import (
    FORBIDDEN,
    UNAUTHENTICATED,
    bad_request,
    error,
    not_found,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def movie():
    return MovieFactory()


def add(client, movie_id, body):
    return client.post(f"/api/movies/{movie_id}/add_actors", body, format="json")


def cast_of(movie):
    return list(
        MovieActor.objects.filter(movie=movie)
        .order_by("cast_order", "id")
        .values_list("actor__tmdb_id", "character_name", "cast_order")
    )


def test_new_actors_are_created_linked_and_returned(manager_client, movie):
    response = add(
        manager_client,
        movie.id,
        [
            {
                "tmdbId": 5152285,
                "imdbId": None,
                "actorName": "Sample Actor",
                "biography": "Bio.",
                "placeOfBirth": "Perth",
                "characterName": "Hero",
                "castOrder": 0,
            }
        ],
    )
    assert response.status_code == 201
    actor = Actor.objects.get()
    assert response.json() == {
        "newRecords": [
            {
                "id": actor.id,
                "tmdbId": 5152285,
                "imdbId": None,
                "actorName": "Sample Actor",
                "biography": "Bio.",
                "birthday": None,
                "deathday": None,
                "placeOfBirth": "Perth",
                "popularity": 0.0,
                "profilePictureUrl": None,
            }
        ],
        "duplicateRecords": [],
    }
    assert cast_of(movie) == [(5152285, "Hero", 0)]


def test_existing_actors_are_duplicates_and_are_linked_too(manager_client, movie):
    known = ActorFactory(tmdb_id=42, imdb_id="nm42", actor_name="Known")
    response = add(
        manager_client,
        movie.id,
        [{"tmdbId": 42, "imdbId": "nm42", "actorName": "Known", "characterName": "Mentor"}],
    )
    assert response.json() == {
        "newRecords": [],
        "duplicateRecords": [
            {
                "tmdbId": 42,
                "imdbId": "nm42",
                "actorName": "Known",
                "biography": None,
                "birthday": None,
                "deathday": None,
                "placeOfBirth": None,
                "popularity": 0.0,
                "profilePictureUrl": None,
            }
        ],
    }
    assert MovieActor.objects.get(movie=movie).actor_id == known.id


def test_an_item_matching_an_actor_by_imdb_id_links_that_actor(manager_client, movie):
    known = ActorFactory(tmdb_id=1, imdb_id="nm1")
    response = add(manager_client, movie.id, [{"tmdbId": 2, "imdbId": "nm1", "actorName": "X"}])
    assert [d["tmdbId"] for d in response.json()["duplicateRecords"]] == [2]
    assert MovieActor.objects.get(movie=movie).actor_id == known.id
    assert Actor.objects.count() == 1


def test_mixed_new_and_existing_actors_keep_cast_order(manager_client, movie):
    ActorFactory(tmdb_id=10)
    add(
        manager_client,
        movie.id,
        [
            {"tmdbId": 11, "actorName": "New", "characterName": "B", "castOrder": 2},
            {"tmdbId": 10, "characterName": "A", "castOrder": 1},
            {"tmdbId": 12, "actorName": "Default order", "characterName": "C"},
        ],
    )
    assert cast_of(movie) == [(10, "A", 1), (11, "B", 2), (12, "C", 2)]


def test_an_actor_already_in_the_movie_keeps_its_part(manager_client, movie):
    existing = MovieActorFactory(
        movie=movie, actor=ActorFactory(tmdb_id=5), character_name="Old", cast_order=0
    )
    response = add(manager_client, movie.id, [{"tmdbId": 5, "characterName": "New"}])
    assert response.status_code == 201
    assert list(MovieActor.objects.filter(movie=movie).values_list("id", "character_name")) == [
        (existing.id, "Old")
    ]


def test_the_same_actor_twice_in_the_body_is_created_once(manager_client, movie):
    response = add(
        manager_client,
        movie.id,
        [{"tmdbId": 3, "actorName": "Twin"}, {"tmdbId": 3, "actorName": "Twin"}],
    )
    body = response.json()
    assert (len(body["newRecords"]), len(body["duplicateRecords"])) == (1, 1)
    assert MovieActor.objects.filter(movie=movie).count() == 1


def test_an_empty_list_adds_nothing(manager_client, movie):
    response = add(manager_client, movie.id, [])
    assert (response.status_code, response.json()) == (
        201,
        {"newRecords": [], "duplicateRecords": []},
    )


def test_a_new_actor_without_a_name_rolls_everything_back(manager_client, movie):
    response = add(manager_client, movie.id, [{"tmdbId": 1, "actorName": "Fine"}, {"tmdbId": 2}])
    assert error(response) == bad_request("Actor.actorName cannot be null")
    assert (Actor.objects.count(), MovieActor.objects.count()) == (0, 0)


def test_an_invalid_item_is_reported_with_its_index(manager_client, movie):
    response = add(manager_client, movie.id, [{"tmdbId": 1, "actorName": "A"}, {"tmdbId": "x"}])
    assert error(response) == bad_request(
        "The tmdb_id is not a number", {"1": {"tmdbId": ["The tmdb_id is not a number"]}}
    )


@pytest.mark.parametrize("body", [{"tmdbId": 1}, "text", 5])
def test_a_body_that_is_not_an_array_is_rejected(manager_client, movie, body):
    response = add(manager_client, movie.id, body)
    assert error(response) == bad_request("The given actors are invalid")


def test_an_unknown_movie_is_movie_not_found(manager_client):
    response = add(manager_client, 999999, [{"tmdbId": 1, "actorName": "A"}])
    assert error(response) == not_found("Movie not found")
    assert not Actor.objects.exists()


def test_the_movie_is_checked_before_the_body(manager_client):
    assert error(add(manager_client, 0, "not a list")) == not_found("Movie not found")


@pytest.mark.parametrize("movie_id", ["abc", "1.5"])
def test_a_non_numeric_movie_id_is_rejected(manager_client, movie_id):
    assert error(add(manager_client, movie_id, [])) == bad_request("Invalid movie id")


def test_anonymous_caller_cannot_add_actors(anon_client, movie):
    assert error(add(anon_client, movie.id, [])) == UNAUTHENTICATED


@pytest.mark.parametrize("client_name", ["customer_client", "staff_client"])
def test_customers_and_staff_cannot_add_actors(request, movie, client_name):
    response = add(request.getfixturevalue(client_name), movie.id, [{"tmdbId": 1}])
    assert error(response) == FORBIDDEN
