"""While the reference lists are kept in memory, movie rows name their genres, countries and
language from them (movies.selectors.name_movie_rows), exactly as the SQL of
movie_with_names() does: ids that exist, each once, in array order; null when none is left."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory

from movies.selectors import movie_detail, movie_with_names
from movies.serializers import MovieDetailSerializer, MovieSummarySerializer
from tests.factories import CountryFactory, GenreFactory, MovieFactory
from tests.reference import reference_cache  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_cache"),
]

MISSING_ID = 999_999


@pytest.fixture
def odd_movie():
    drama, action = GenreFactory(genre_name="Drama"), GenreFactory(genre_name="Action")
    australia = CountryFactory(country_name="Australia", iso_country_code="au")
    return MovieFactory(
        genre_ids=[action.id, MISSING_ID, drama.id, action.id],
        origin_country_ids=[australia.id, australia.id],
    )


def context():
    return {"request": APIRequestFactory().get("/api/movies")}


def test_list_names_repeated_and_unknown_ids_as_the_database_does(anon_client, odd_movie):
    expected = MovieSummarySerializer(movie_with_names().get(id=odd_movie.id), context=context())
    item = anon_client.get("/api/movies").json()["items"][0]
    assert item == expected.data
    assert (item["genres"], item["countriesOfOrigin"]) == (["Action", "Drama"], ["AU"])


def test_detail_names_repeated_and_unknown_ids_as_the_database_does(anon_client, odd_movie):
    expected = MovieDetailSerializer(movie_with_names().get(id=odd_movie.id), context=context())
    assert anon_client.get(f"/api/movies/{odd_movie.id}").json() == expected.data


def test_only_unknown_ids_are_a_null_list(anon_client):
    movie = MovieFactory(genre_ids=[MISSING_ID], origin_country_ids=[MISSING_ID])
    body = anon_client.get(f"/api/movies/{movie.id}").json()
    assert (body["genres"], body["countriesOfOrigin"]) == (None, None)


def test_the_rows_are_read_with_ids_not_names(odd_movie, settings):
    settings.REELFAKE_PREPARED_STATEMENTS = False  # the SQL sent as is, to be read here
    movie_detail(movie_id=odd_movie.id)  # the names are kept from here on
    with CaptureQueriesContext(connection) as queries:
        assert movie_detail(movie_id=odd_movie.id)["genre_names"] == ["Action", "Drama"]
    assert len(queries) == 1
    assert "genre_ids" in queries[0]["sql"] and "genre_name" not in queries[0]["sql"]
