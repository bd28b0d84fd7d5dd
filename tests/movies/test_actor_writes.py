"""POST /api/actors, PUT and DELETE /api/actors/{id} (store managers; W8)."""

import datetime

import pytest

from movies.models import Actor, MovieActor
from tests.factories import ActorFactory, MovieActorFactory
from tests.movies.helpers import FORBIDDEN, UNAUTHENTICATED, bad_request, error, field_error

pytestmark = pytest.mark.django_db

URL = "/api/actors"


@pytest.fixture
def body():
    return {
        "tmdbId": 5152285,
        "imdbId": "nm9999999",
        "actorName": "Anna Petrova",
        "biography": "Born in Moscow.",
        "birthday": "1990-04-12",
        "deathday": None,
        "placeOfBirth": "Moscow, Russia",
        "popularity": 3.2,
        "profilePictureUrl": "",
    }


def test_manager_creates_an_actor(manager_client, body):
    response = manager_client.post(URL, body, format="json")
    actor = Actor.objects.get()
    assert (response.status_code, response.json()) == (
        201,
        {
            "id": actor.id,
            "imdbId": "nm9999999",
            "actorName": "Anna Petrova",
            "biography": "Born in Moscow.",
            "birthday": "1990-04-12",
            "deathday": None,
            "placeOfBirth": "Moscow, Russia",
            "popularity": 3.2,
            "profilePictureUrl": "",
        },
    )
    assert actor.tmdb_id == 5152285


def test_only_tmdb_id_and_name_are_required(manager_client):
    response = manager_client.post(URL, {"tmdbId": 1, "actorName": "Min"}, format="json")
    assert response.status_code == 201
    actor = Actor.objects.get()
    assert response.json() == {
        "id": actor.id,
        "imdbId": None,
        "actorName": "Min",
        "biography": None,
        "birthday": None,
        "deathday": None,
        "placeOfBirth": None,
        "popularity": 0,
        "profilePictureUrl": None,
    }
    assert actor.popularity == 0


@pytest.mark.parametrize(
    ("field", "message"),
    [("tmdbId", "Actor.tmdbId cannot be null"), ("actorName", "Actor.actorName cannot be null")],
)
def test_missing_required_fields_are_a_400(manager_client, body, field, message):
    del body[field]
    assert error(manager_client.post(URL, body, format="json")) == field_error(field, message)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tmdbId", "x1", "The tmdb_id is not a number"),
        ("actorName", " ", "Validation notEmpty on actorName failed"),
        ("birthday", "1990-02-30", "Validation isDate on birthday failed"),
        ("deathday", "yesterday", "Validation isDate on deathday failed"),
        ("popularity", "very", "Validation isNumeric on popularity failed"),
        ("popularity", True, "Validation isNumeric on popularity failed"),
        ("profilePictureUrl", "pic.jpg", "URL must be a valid URL or empty."),
        ("imdbId", "n" * 61, "Validation len on imdbId failed"),
    ],
)
def test_invalid_fields_are_a_400(manager_client, body, field, value, message):
    body[field] = value
    assert error(manager_client.post(URL, body, format="json")) == field_error(field, message)
    assert not Actor.objects.exists()


def test_a_name_taken_by_another_actor_is_rejected(manager_client, body):
    ActorFactory(actor_name="ANNA PETROVA")
    response = manager_client.post(URL, body, format="json")
    assert error(response) == bad_request("Actor with name Anna Petrova already exist")


@pytest.mark.parametrize(
    ("existing", "message"),
    [
        ({"tmdb_id": 5152285}, "tmdb_id must be unique"),
        ({"imdb_id": "nm9999999"}, "imdb_id must be unique"),
    ],
)
def test_ids_in_use_are_rejected(manager_client, body, existing, message):
    ActorFactory(**existing)
    assert error(manager_client.post(URL, body, format="json")) == bad_request(message)


def test_anonymous_caller_cannot_create_an_actor(anon_client, body):
    assert error(anon_client.post(URL, body, format="json")) == UNAUTHENTICATED


@pytest.mark.parametrize("client_name", ["customer_client", "staff_client"])
def test_customers_and_staff_cannot_create_an_actor(request, body, client_name):
    response = request.getfixturevalue(client_name).post(URL, body, format="json")
    assert error(response) == FORBIDDEN
    assert not Actor.objects.exists()


# PUT ---------------------------------------------------------------------------------------


@pytest.fixture
def actor():
    return ActorFactory(actor_name="Old Name", popularity=1)


def put(client, actor_id, body):
    return client.put(f"{URL}/{actor_id}", body, format="json")


def test_manager_updates_the_documented_fields(manager_client, actor):
    response = put(
        manager_client,
        actor.id,
        {"actorName": "New Name", "deathday": "2020-01-01", "tmdbId": 77, "popularity": "2.5"},
    )
    assert (response.status_code, response.content) == (204, b"")
    actor.refresh_from_db()
    assert (actor.actor_name, actor.deathday, actor.tmdb_id, actor.popularity) == (
        "New Name",
        datetime.date(2020, 1, 1),
        77,
        2.5,
    )


def test_undocumented_keys_are_ignored_even_an_id(manager_client, actor):
    response = put(manager_client, actor.id, {"id": actor.id + 1, "createdAt": "x"})
    assert response.status_code == 204
    assert Actor.objects.filter(id=actor.id).exists()


def test_an_invalid_field_is_rejected(manager_client, actor):
    response = put(manager_client, actor.id, {"birthday": "1990-13-01"})
    assert error(response) == field_error("birthday", "Validation isDate on birthday failed")


def test_an_imdb_id_of_another_actor_is_rejected(manager_client, actor):
    ActorFactory(imdb_id="nm1")
    assert error(put(manager_client, actor.id, {"imdbId": "nm1"})) == bad_request(
        "imdb_id must be unique"
    )


@pytest.mark.parametrize("actor_id", ["abc", "1.5"])
def test_put_with_a_non_numeric_id_is_rejected(manager_client, actor_id):
    assert error(put(manager_client, actor_id, {})) == bad_request("Invalid actor id")


@pytest.mark.parametrize("actor_id", ["0", "424242"])
def test_put_on_an_unknown_actor_is_not_found(manager_client, actor_id):
    response = put(manager_client, actor_id, {"actorName": ""})
    assert error(response) == (404, {"status": "error", "message": "Resources not found"})


def test_anonymous_caller_cannot_update_an_actor(anon_client, actor):
    assert error(put(anon_client, actor.id, {"actorName": "X"})) == UNAUTHENTICATED


@pytest.mark.parametrize("client_name", ["customer_client", "staff_client"])
def test_customers_and_staff_cannot_update_an_actor(request, actor, client_name):
    response = put(request.getfixturevalue(client_name), actor.id, {"actorName": "X"})
    assert error(response) == FORBIDDEN


# DELETE ------------------------------------------------------------------------------------


def test_manager_deletes_an_actor_and_its_cast_rows(manager_client, actor):
    cast = MovieActorFactory(actor=actor)
    response = manager_client.delete(f"{URL}/{actor.id}")
    assert (response.status_code, response.content) == (204, b"")
    assert not Actor.objects.filter(id=actor.id).exists()
    assert not MovieActor.objects.filter(id=cast.id).exists()
    assert type(cast.movie).objects.filter(id=cast.movie_id).exists()


@pytest.mark.parametrize("actor_id", ["abc", "0.5"])
def test_delete_with_a_non_numeric_id_is_rejected(manager_client, actor_id):
    assert error(manager_client.delete(f"{URL}/{actor_id}")) == bad_request("Invalid actor id")


def test_delete_of_an_unknown_actor_is_not_found(manager_client):
    response = manager_client.delete(f"{URL}/424242")
    assert error(response) == (404, {"status": "error", "message": "Resources not found"})


def test_anonymous_caller_cannot_delete_an_actor(anon_client, actor):
    assert error(anon_client.delete(f"{URL}/{actor.id}")) == UNAUTHENTICATED


@pytest.mark.parametrize("client_name", ["customer_client", "staff_client"])
def test_customers_and_staff_cannot_delete_an_actor(request, actor, client_name):
    response = request.getfixturevalue(client_name).delete(f"{URL}/{actor.id}")
    assert error(response) == FORBIDDEN
    assert Actor.objects.filter(id=actor.id).exists()
