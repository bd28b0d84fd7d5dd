"""The shared movie shapes (MovieSummary / MovieDetail) over movie_with_names()."""

import pytest
from rest_framework.test import APIRequestFactory

from movies.selectors import movie_with_names
from movies.serializers import MovieDetailSerializer, MovieSummarySerializer
from tests.factories import (
    ActorFactory,
    CountryFactory,
    GenreFactory,
    MovieFactory,
    MovieLanguageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def movie():
    drama = GenreFactory(genre_name="Drama")
    fantasy = GenreFactory(genre_name="Fantasy")
    russia = CountryFactory(country_name="Russia", iso_country_code="RU")
    usa = CountryFactory(country_name="United States", iso_country_code="US")
    return MovieFactory(
        title="The Wizard",
        genre_ids=[fantasy.id, drama.id],
        origin_country_ids=[usa.id, russia.id],
        language=MovieLanguageFactory(language_name="Russian", iso_language_code="ru"),
        release_date="2025-01-01",
        runtime=104,
        popularity=5,
        rating_average="7.45",
        rating_count=67,
        poster_url="https://image.tmdb.org/t/p/w500/x.jpg",
        rental_rate="20.00",
    )


def test_summary_has_the_contract_keys_in_order(movie):
    data = MovieSummarySerializer(movie_with_names().get(id=movie.id)).data
    assert list(data.items()) == [
        ("id", movie.id),
        ("title", "The Wizard"),
        ("runtime", 104),
        ("releaseDate", "2025-01-01"),
        ("genres", ["Fantasy", "Drama"]),
        ("countriesOfOrigin", ["US", "RU"]),
        ("language", "ru"),
        ("popularity", 5.0),
        ("ratingAverage", 7.45),
        ("ratingCount", 67),
        ("posterUrl", "https://image.tmdb.org/t/p/w500/x.jpg"),
        ("rentalRate", "20.00"),
    ]


def test_detail_sends_budget_and_revenue_as_strings(movie):
    data = MovieDetailSerializer(movie_with_names().get(id=movie.id)).data
    assert (data["budget"], data["revenue"]) == ("1000000", "2500000")
    assert list(data)[-1] == "language"
    assert data["originalTitle"] == "The Wizard"
    assert data["movieStatus"] == "Released"


def test_movie_without_genres_has_null_genres():
    movie = MovieFactory(genre_ids=[])
    assert MovieSummarySerializer(movie_with_names().get(id=movie.id)).data["genres"] is None


def test_site_relative_poster_becomes_absolute_on_the_request_host():
    movie = MovieFactory(poster_url="/api/images/posters/1.svg")
    request = APIRequestFactory().get("/api/movies", HTTP_HOST="localhost:8000")
    data = MovieSummarySerializer(
        movie_with_names().get(id=movie.id), context={"request": request}
    ).data
    assert data["posterUrl"] == "http://localhost:8000/api/images/posters/1.svg"


# docs/stores.md "Numbers on the wire": a whole popularity is written as the reference writes it.
def test_a_whole_popularity_is_written_without_a_fraction_in_movie_pages(anon_client, movie):
    response = anon_client.get("/api/movies")
    assert b'"popularity":5,' in response.content


def test_a_whole_popularity_is_written_without_a_fraction_in_a_movie_detail(anon_client, movie):
    response = anon_client.get(f"/api/movies/{movie.id}?include_actors=true")
    assert b'"popularity":5,' in response.content


def test_a_popularity_with_a_fraction_keeps_it(anon_client):
    movie = MovieFactory(popularity=5.25)
    response = anon_client.get(f"/api/movies/{movie.id}")
    assert b'"popularity":5.25,' in response.content


def test_a_whole_actor_popularity_is_written_without_a_fraction(anon_client):
    actor = ActorFactory(popularity=12)
    response = anon_client.get(f"/api/actors/{actor.id}")
    assert b'"popularity":12,' in response.content
