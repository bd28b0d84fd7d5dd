"""GET /api/actors/{id} with includeMovies."""

import datetime

import pytest

from tests.factories import ActorFactory, MovieActorFactory
from tests.movies.helpers import bad_request, error, not_found

pytestmark = pytest.mark.django_db

MSG_BAD_ID = "Invalid movie id. Movie id must be a non-zero positive number."
MSG_BAD_FLAG = (
    "Invalid value for includeMovies in query. Please refer to api specs for more information."
)


@pytest.fixture
def actor():
    return ActorFactory(
        imdb_id="nm0000206",
        actor_name="Keanu Reeves",
        biography="Canadian actor.",
        birthday=datetime.date(1964, 9, 2),
        deathday=None,
        place_of_birth="Beirut, Lebanon",
        popularity=45.2,
        profile_picture_url="https://example.com/k.jpg",
    )


def test_detail_has_the_actor_detail_shape(anon_client, actor):
    response = anon_client.get(f"/api/actors/{actor.id}")
    assert response.status_code == 200
    assert list(response.json().items()) == [
        ("id", actor.id),
        ("imdbId", "nm0000206"),
        ("actorName", "Keanu Reeves"),
        ("biography", "Canadian actor."),
        ("birthday", "1964-09-02"),
        ("deathday", None),
        ("placeOfBirth", "Beirut, Lebanon"),
        ("popularity", 45.2),
        ("profilePictureUrl", "https://example.com/k.jpg"),
    ]


@pytest.mark.parametrize("value", ["true", "YES", " 1 "])
def test_include_movies_lists_the_movies_with_the_credit(anon_client, actor, make_movie, value):
    later = make_movie(
        title="John Wick",
        release_date=datetime.date(2014, 10, 24),
        genres_=["Action", "Thriller"],
        runtime=101,
        rating_average="7.40",
        rating_count=20000,
        poster_url="/api/images/posters/3.svg",
    )
    earlier = make_movie(title="The Matrix", release_date=datetime.date(1999, 3, 31))
    MovieActorFactory(movie=later, actor=actor, character_name="John Wick", cast_order=0)
    MovieActorFactory(movie=earlier, actor=actor, character_name="Neo", cast_order=2)
    response = anon_client.get(f"/api/actors/{actor.id}", {"includeMovies": value})
    movies = response.json()["movies"]
    assert [m["id"] for m in movies] == [earlier.id, later.id]
    assert movies[1] == {
        "id": later.id,
        "title": "John Wick",
        "releaseDate": "2014-10-24",
        "genres": ["Action", "Thriller"],
        "runtime": 101,
        "ratingAverage": 7.4,
        "ratingCount": 20000,
        "posterUrl": "http://testserver/api/images/posters/3.svg",
        "credit": {"characterName": "John Wick", "castOrder": 0},
    }
    assert movies[0]["credit"] == {"characterName": "Neo", "castOrder": 2}


def test_include_movies_for_an_actor_without_movies_is_an_empty_list(anon_client, actor):
    response = anon_client.get(f"/api/actors/{actor.id}", {"includeMovies": "true"})
    assert response.json()["movies"] == []


@pytest.mark.parametrize("value", ["false", "no", "0"])
def test_falsy_include_movies_leaves_the_key_out(anon_client, actor, value):
    response = anon_client.get(f"/api/actors/{actor.id}", {"includeMovies": value})
    assert "movies" not in response.json()


def test_the_snake_case_parameter_is_not_the_actor_one(anon_client, actor):
    response = anon_client.get(f"/api/actors/{actor.id}", {"include_movies": "true"})
    assert "movies" not in response.json()


@pytest.mark.parametrize("query", ["includeMovies=sure", "includeMovies=", "includeMovies[]=1"])
def test_other_include_movies_values_are_rejected(anon_client, actor, query):
    assert error(anon_client.get(f"/api/actors/{actor.id}?{query}")) == bad_request(MSG_BAD_FLAG)


@pytest.mark.parametrize("actor_id", ["0", "-2", "1.5", "abc"])
def test_an_invalid_id_gets_the_reference_message(anon_client, actor_id):
    assert error(anon_client.get(f"/api/actors/{actor_id}")) == bad_request(MSG_BAD_ID)


@pytest.mark.parametrize("actor_id", ["987654", "99999999999"])
def test_an_unknown_actor_is_a_404_not_a_null(anon_client, actor_id):
    response = anon_client.get(f"/api/actors/{actor_id}")
    assert error(response) == not_found(f"Actor not found with id {actor_id}")
