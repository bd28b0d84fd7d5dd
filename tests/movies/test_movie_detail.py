"""GET /api/movies/{id} with include_actors (W16)."""

import datetime

import pytest
from rest_framework.test import APIRequestFactory

from movies.selectors import movie_with_names
from movies.serializers import MovieDetailSerializer, MovieWithActorsSerializer
from tests.factories import ActorFactory, MovieActorFactory, MovieFactory
from tests.movies.helpers import bad_request, error, not_found

pytestmark = pytest.mark.django_db

MSG_BAD_ID = "Invalid movie id. Movie id must be a non-zero positive number."
MSG_BAD_FLAG = (
    "Invalid value for includeActors in query. Please refer to api specs for more information."
)


@pytest.fixture
def movie(make_movie):
    return make_movie(
        title="The Wizard",
        original_title="Волшебник",
        overview="A young magician.",
        genres_=["Fantasy", "Drama"],
        countries_=["RU", "FR"],
        lang="ru",
        release_date=datetime.date(2025, 1, 1),
        runtime=104,
        movie_status="Released",
        popularity=5,
        budget=1_000_000,
        revenue=2_500_000,
        rating_average="7.45",
        rating_count=67,
        poster_url="/api/images/posters/1.svg",
        rental_rate="20.00",
    )


def test_detail_has_the_movie_detail_shape(anon_client, movie):
    response = anon_client.get(f"/api/movies/{movie.id}")
    assert response.status_code == 200
    assert list(response.json().items()) == [
        ("id", movie.id),
        ("title", "The Wizard"),
        ("originalTitle", "Волшебник"),
        ("overview", "A young magician."),
        ("runtime", 104),
        ("releaseDate", "2025-01-01"),
        ("genres", ["Fantasy", "Drama"]),
        ("countriesOfOrigin", ["RU", "FR"]),
        ("movieStatus", "Released"),
        ("popularity", 5.0),
        ("budget", "1000000"),
        ("revenue", "2500000"),
        ("ratingAverage", 7.45),
        ("ratingCount", 67),
        ("posterUrl", "http://testserver/api/images/posters/1.svg"),
        ("rentalRate", "20.00"),
        ("language", "ru"),
    ]


@pytest.mark.parametrize("value", ["true", "yes", "1", " TRUE ", "Yes"])
def test_truthy_include_actors_adds_the_cast_in_cast_order(anon_client, movie, value):
    second = MovieActorFactory(
        movie=movie,
        actor=ActorFactory(actor_name="Boris", profile_picture_url=None),
        character_name="Villain",
        cast_order=1,
    )
    first = MovieActorFactory(
        movie=movie,
        actor=ActorFactory(actor_name="Anna", profile_picture_url="/api/images/actors/9.svg"),
        character_name="Masha",
        cast_order=0,
    )
    response = anon_client.get(f"/api/movies/{movie.id}", {"include_actors": value})
    assert response.json()["actors"] == [
        {
            "id": first.actor_id,
            "actorName": "Anna",
            "characterName": "Masha",
            "castOrder": 0,
            "profilePictureUrl": "http://testserver/api/images/actors/9.svg",
        },
        {
            "id": second.actor_id,
            "actorName": "Boris",
            "characterName": "Villain",
            "castOrder": 1,
            "profilePictureUrl": None,
        },
    ]


def test_equal_cast_orders_keep_insertion_order(anon_client, movie):
    rows = [MovieActorFactory(movie=movie, cast_order=3) for _ in range(3)]
    response = anon_client.get(f"/api/movies/{movie.id}", {"include_actors": "1"})
    assert [a["id"] for a in response.json()["actors"]] == [r.actor_id for r in rows]


def test_include_actors_on_a_movie_without_cast_is_an_empty_list(anon_client, movie):
    response = anon_client.get(f"/api/movies/{movie.id}", {"include_actors": "true"})
    assert response.json()["actors"] == []


@pytest.mark.parametrize("value", ["false", "no", "0", "NO"])
def test_falsy_include_actors_leaves_the_key_out(anon_client, movie, value):
    MovieActorFactory(movie=movie)
    response = anon_client.get(f"/api/movies/{movie.id}", {"include_actors": value})
    assert "actors" not in response.json()


@pytest.mark.parametrize(
    "query", ["include_actors=maybe", "include_actors=", "include_actors=1&include_actors=0"]
)
def test_other_include_actors_values_are_rejected(anon_client, movie, query):
    response = anon_client.get(f"/api/movies/{movie.id}?{query}")
    assert error(response) == bad_request(MSG_BAD_FLAG)


@pytest.mark.parametrize(
    "movie_id", ["0", "-1", "1.5", "abc", "1e3", "%20", pytest.param("9" * 5000, id="5000-digits")]
)
def test_an_id_that_is_not_a_positive_integer_is_rejected(anon_client, movie_id):
    assert error(anon_client.get(f"/api/movies/{movie_id}")) == bad_request(MSG_BAD_ID)


def test_the_id_is_checked_before_include_actors(anon_client):
    response = anon_client.get("/api/movies/abc", {"include_actors": "maybe"})
    assert error(response) == bad_request(MSG_BAD_ID)


@pytest.mark.parametrize("movie_id", ["999999", "99999999999"])
def test_unknown_movie_is_not_found(anon_client, movie_id):
    response = anon_client.get(f"/api/movies/{movie_id}")
    assert error(response) == not_found(f"Movie with id {movie_id} does not exist")


def test_detail_route_accepts_a_trailing_slash_and_any_case(anon_client, movie):
    assert anon_client.get(f"/API/Movies/{movie.id}/").json()["id"] == movie.id


def test_other_methods_on_the_collection_are_unknown_routes(anon_client):
    response = anon_client.patch("/api/movies", {}, format="json")
    assert error(response) == (404, {"message": "Route /api/movies does not exist"})


def test_a_movie_with_all_optional_values_empty(anon_client):
    movie = MovieFactory(genre_ids=None, overview=None, poster_url=None, imdb_id=None)
    body = anon_client.get(f"/api/movies/{movie.id}").json()
    assert (body["genres"], body["overview"], body["posterUrl"]) == (None, None, None)


def test_detail_is_what_the_shared_detail_serializers_give(anon_client, movie, cast_member):
    cast_member(movie, character_name="B", cast_order=1, profile_picture_url="/api/images/x.svg")
    cast_member(movie, character_name="A", cast_order=0)
    request = APIRequestFactory().get("/api/movies/1")
    instance = movie_with_names().get(id=movie.id)
    context = {"request": request}
    assert anon_client.get(f"/api/movies/{movie.id}").json() == (
        MovieDetailSerializer(instance, context=context).data
    )
    instance.cast_rows = list(movie.cast.select_related("actor").order_by("cast_order", "id"))
    with_actors = anon_client.get(f"/api/movies/{movie.id}", {"include_actors": "true"}).json()
    assert with_actors == MovieWithActorsSerializer(instance, context=context).data
