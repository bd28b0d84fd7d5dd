"""PUT /api/movies/{id} (store managers; W8)."""

import datetime

import pytest

from movies.models import Movie
from tests.factories import MovieFactory
from tests.movies.helpers import FORBIDDEN, UNAUTHENTICATED, bad_request, error, field_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def movie(make_movie):
    return make_movie(title="Old Title", overview="Old overview.", genres_=["Drama"])


def put(client, movie_id, body):
    return client.put(f"/api/movies/{movie_id}", body, format="json")


def test_manager_updates_the_fields_sent(manager_client, movie, genres, countries, languages):
    response = put(
        manager_client,
        movie.id,
        {
            "title": "New Title",
            "genres": ["sci_fi", "war"],
            "countriesOfOrigin": ["gb"],
            "language": "fr",
            "releaseDate": "1999-12-31",
            "ratingAverage": 8.25,
            "budget": "5",
        },
    )
    assert (response.status_code, response.content) == (204, b"")
    movie.refresh_from_db()
    assert movie.title == "New Title"
    assert movie.genre_ids == [genres["Science Fiction"].id, genres["War"].id]
    assert movie.origin_country_ids == [countries["GB"].id]
    assert movie.language_id == languages["fr"].id
    assert movie.release_date == datetime.date(1999, 12, 31)
    assert (str(movie.rating_average), movie.budget) == ("8.25", 5)


def test_fields_not_sent_are_left_alone(manager_client, movie):
    put(manager_client, movie.id, {"runtime": 77})
    movie.refresh_from_db()
    assert (movie.runtime, movie.title, movie.overview) == (77, "Old Title", "Old overview.")


def test_undocumented_keys_are_ignored(manager_client, movie):
    response = put(
        manager_client,
        movie.id,
        {"id": movie.id + 1000, "genreIds": [99], "languageId": 99, "createdAt": "2000-01-01"},
    )
    assert response.status_code == 204
    assert Movie.objects.filter(id=movie.id).exists()
    movie.refresh_from_db()
    assert movie.genre_ids != [99]


def test_tmdb_id_can_be_changed(manager_client, movie):
    put(manager_client, movie.id, {"tmdbId": 123})
    movie.refresh_from_db()
    assert movie.tmdb_id == 123


def test_an_empty_body_changes_nothing(manager_client, movie):
    before = Movie.objects.filter(id=movie.id).values().get()
    response = put(manager_client, movie.id, {})
    assert (response.status_code, response.content) == (204, b"")
    assert Movie.objects.filter(id=movie.id).values().get() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Validation notEmpty on title failed"),
        ("title", None, "Movie.title cannot be null"),
        ("genres", ["nope"], "The given genres are invalid"),
        ("countriesOfOrigin", ["zz"], "The given countries are invalid"),
        ("language", "qq", "Movie.languageId cannot be null"),
        ("ratingAverage", 10.5, "Validation max on ratingAverage failed"),
        ("releaseDate", "2023-02-29", "Validation isDate on releaseDate failed"),
        ("posterUrl", "nope", "URL must be a valid URL or empty."),
    ],
)
def test_an_invalid_field_is_rejected_and_nothing_changes(
    manager_client, movie, genres, countries, languages, field, value, message
):
    response = put(manager_client, movie.id, {field: value, "runtime": 1})
    assert error(response) == field_error(field, message)
    movie.refresh_from_db()
    assert movie.runtime == 100


def test_a_title_and_overview_equal_to_another_movie_are_rejected(manager_client, movie):
    MovieFactory(title="Taken", overview="Same.")
    response = put(manager_client, movie.id, {"title": "TAKEN", "overview": "Same."})
    assert error(response) == bad_request("Movie with the same title and overview already exist")


def test_keeping_its_own_title_and_overview_is_fine(manager_client, movie):
    response = put(manager_client, movie.id, {"title": "Old Title", "overview": "Old overview."})
    assert (response.status_code, response.content) == (204, b"")
    movie.refresh_from_db()
    assert (movie.title, movie.overview) == ("Old Title", "Old overview.")


def test_an_overview_change_that_collides_through_the_current_title_is_rejected(
    manager_client, movie
):
    MovieFactory(title="old title", overview="Clash.")
    response = put(manager_client, movie.id, {"overview": "Clash."})
    assert error(response) == bad_request("Movie with the same title and overview already exist")


def test_a_tmdb_id_of_another_movie_is_rejected(manager_client, movie):
    other = MovieFactory()
    response = put(manager_client, movie.id, {"tmdbId": other.tmdb_id})
    assert error(response) == bad_request("tmdb_id must be unique")


@pytest.mark.parametrize("movie_id", ["abc", "1.5"])
def test_a_non_numeric_id_is_rejected(manager_client, movie_id):
    assert error(put(manager_client, movie_id, {})) == bad_request("Invalid movie id")


@pytest.mark.parametrize("movie_id", ["0", "-3", "999999", "99999999999"])
def test_an_unknown_movie_is_not_found(manager_client, movie_id):
    response = put(manager_client, movie_id, {"title": ""})
    assert error(response) == (404, {"status": "error", "message": "Resources not found"})


def test_anonymous_caller_cannot_update(anon_client, movie):
    assert error(put(anon_client, movie.id, {"title": "X"})) == UNAUTHENTICATED


@pytest.mark.parametrize("client_name", ["customer_client", "staff_client"])
def test_customers_and_staff_cannot_update(request, movie, client_name):
    response = put(request.getfixturevalue(client_name), movie.id, {"title": "X"})
    assert error(response) == FORBIDDEN
    movie.refresh_from_db()
    assert movie.title == "Old Title"
