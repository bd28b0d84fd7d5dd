"""POST /api/actors/{id}/add_to_movie (store managers)."""

import pytest

from movies.models import MovieActor
from tests.factories import ActorFactory, MovieActorFactory, MovieFactory
from tests.movies.helpers import FORBIDDEN, UNAUTHENTICATED, bad_request, error, not_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return ActorFactory()


@pytest.fixture
def movie():
    return MovieFactory()


def add(client, actor_id, body):
    return client.post(f"/api/actors/{actor_id}/add_to_movie", body, format="json")


def test_manager_adds_an_actor_to_a_movie(manager_client, actor, movie):
    response = add(
        manager_client,
        actor.id,
        {"movieId": movie.id, "characterName": "Sample Actor", "castOrder": 33},
    )
    link = MovieActor.objects.get()
    assert (response.status_code, response.json()) == (
        201,
        {
            "id": link.id,
            "actorId": actor.id,
            "movieId": movie.id,
            "characterName": "Sample Actor",
            "castOrder": 33,
        },
    )


def test_cast_order_zero_is_accepted(manager_client, actor, movie):
    body = {"movieId": movie.id, "characterName": "Lead", "castOrder": 0}
    assert add(manager_client, actor.id, body).json()["castOrder"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {"characterName": "X", "castOrder": 1},
        {"movieId": 0, "characterName": "X", "castOrder": 1},
        {"movieId": "MOVIE", "characterName": "", "castOrder": 1},
        {"movieId": "MOVIE", "castOrder": 1},
        {"movieId": "MOVIE", "characterName": "X"},
        {"movieId": "MOVIE", "characterName": "X", "castOrder": None},
        {},
    ],
)
def test_missing_fields_are_rejected(manager_client, actor, movie, body):
    if body.get("movieId") == "MOVIE":
        body["movieId"] = movie.id
    assert error(add(manager_client, actor.id, body)) == bad_request("Missing required fields")
    assert not MovieActor.objects.exists()


def test_a_body_that_is_not_an_object_is_missing_its_fields(manager_client, actor, movie):
    body = [{"movieId": movie.id, "characterName": "X", "castOrder": 1}]
    assert error(add(manager_client, actor.id, body)) == bad_request("Missing required fields")
    assert not MovieActor.objects.exists()


def test_a_non_numeric_movie_id_is_rejected(manager_client, actor):
    body = {"movieId": "abc", "characterName": "X", "castOrder": 1}
    assert error(add(manager_client, actor.id, body)) == bad_request("Invalid movie id")


def test_a_movie_id_with_more_digits_than_int_converts_is_rejected(manager_client, actor):
    body = {"movieId": "9" * 5000, "characterName": "X", "castOrder": 1}
    assert error(add(manager_client, actor.id, body)) == bad_request("Invalid movie id")


def test_a_character_name_longer_than_its_column_is_rejected(manager_client, actor, movie):
    body = {"movieId": movie.id, "characterName": "x" * 256, "castOrder": 1}
    assert error(add(manager_client, actor.id, body)) == bad_request(
        "Validation len on characterName failed"
    )
    assert not MovieActor.objects.exists()


def test_a_negative_cast_order_is_rejected(manager_client, actor, movie):
    body = {"movieId": movie.id, "characterName": "X", "castOrder": -1}
    assert error(add(manager_client, actor.id, body)) == bad_request(
        "Validation isNumeric on castOrder failed"
    )


def test_a_cast_order_above_the_integer_column_is_rejected(manager_client, actor, movie):
    body = {"movieId": movie.id, "characterName": "X", "castOrder": 2_147_483_648}
    assert error(add(manager_client, actor.id, body)) == bad_request(
        "Validation isNumeric on castOrder failed"
    )


def test_a_false_cast_order_is_a_missing_field(manager_client, actor, movie):
    body = {"movieId": movie.id, "characterName": "X", "castOrder": False}
    assert error(add(manager_client, actor.id, body)) == bad_request("Missing required fields")


def test_a_blank_character_name_is_a_missing_field(manager_client, actor, movie):
    body = {"movieId": movie.id, "characterName": "   ", "castOrder": 1}
    assert error(add(manager_client, actor.id, body)) == bad_request("Missing required fields")


def test_every_field_is_checked_for_presence_before_any_value(manager_client, actor):
    body = {"movieId": "abc", "castOrder": -1}
    assert error(add(manager_client, actor.id, body)) == bad_request("Missing required fields")


def test_the_movie_id_is_checked_before_the_cast_order(manager_client, actor):
    body = {"movieId": "abc", "characterName": "X" * 256, "castOrder": -1}
    assert error(add(manager_client, actor.id, body)) == bad_request("Invalid movie id")


def test_the_cast_order_is_checked_before_the_character_name(manager_client, actor, movie):
    body = {"movieId": movie.id, "characterName": "X" * 256, "castOrder": "first"}
    assert error(add(manager_client, actor.id, body)) == bad_request(
        "Validation isNumeric on castOrder failed"
    )


def test_numbers_sent_as_digits_are_read_and_the_name_is_stripped(manager_client, actor, movie):
    body = {"movieId": str(movie.id), "characterName": "  Lead  ", "castOrder": "2"}
    response = add(manager_client, actor.id, body)
    link = MovieActor.objects.get()
    assert (link.movie_id, link.character_name, link.cast_order) == (movie.id, "Lead", 2)
    assert response.content == (
        b'{"id":%d,"actorId":%d,"movieId":%d,"characterName":"Lead","castOrder":2}'
        % (link.id, actor.id, movie.id)
    )


def test_a_name_of_the_column_length_after_stripping_is_accepted(manager_client, actor, movie):
    body = {"movieId": movie.id, "characterName": " " + "x" * 255 + " ", "castOrder": 1}
    assert add(manager_client, actor.id, body).status_code == 201
    assert MovieActor.objects.get().character_name == "x" * 255


@pytest.mark.parametrize(
    "actor_id", ["0", "-4", "abc", "1.5", pytest.param("9" * 5000, id="5000-digits")]
)
def test_an_invalid_actor_id_is_rejected(manager_client, movie, actor_id):
    body = {"movieId": movie.id, "characterName": "X", "castOrder": 1}
    assert error(add(manager_client, actor_id, body)) == bad_request("Invalid actor id")


def test_an_unknown_actor_is_not_found(manager_client, movie):
    body = {"movieId": movie.id, "characterName": "X", "castOrder": 1}
    assert error(add(manager_client, 424242, body)) == not_found("Resources not found")


def test_the_actor_is_checked_before_the_body(manager_client):
    assert error(add(manager_client, 424242, {})) == not_found("Resources not found")


def test_an_unknown_movie_is_movie_not_found(manager_client, actor):
    body = {"movieId": 424242, "characterName": "X", "castOrder": 1}
    assert error(add(manager_client, actor.id, body)) == not_found("Movie not found")


def test_an_actor_already_in_the_movie_is_rejected(manager_client, actor, movie):
    MovieActorFactory(actor=actor, movie=movie)
    body = {"movieId": movie.id, "characterName": "Again", "castOrder": 2}
    assert error(add(manager_client, actor.id, body)) == bad_request(
        "Actor already exists for the given movie"
    )
    assert MovieActor.objects.count() == 1


def test_anonymous_caller_cannot_add_to_a_movie(anon_client, actor, movie):
    body = {"movieId": movie.id, "characterName": "X", "castOrder": 1}
    assert error(add(anon_client, actor.id, body)) == UNAUTHENTICATED


@pytest.mark.parametrize("client_name", ["customer_client", "staff_client"])
def test_customers_and_staff_cannot_add_to_a_movie(request, actor, movie, client_name):
    body = {"movieId": movie.id, "characterName": "X", "castOrder": 1}
    assert error(add(request.getfixturevalue(client_name), actor.id, body)) == FORBIDDEN
    assert not MovieActor.objects.exists()


def test_the_spec_path_without_add_to_movie_is_an_unknown_route(manager_client, actor):
    response = manager_client.post(f"/api/actors/{actor.id}", {}, format="json")
    assert error(response) == (404, {"message": f"Route /api/actors/{actor.id} does not exist"})
