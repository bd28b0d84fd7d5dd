"""GET /api/genres and GET /api/movie_languages."""

import pytest

from tests.factories import GenreFactory, MovieLanguageFactory

pytestmark = pytest.mark.django_db


def test_genres_list_shape(anon_client):
    action = GenreFactory(genre_name="Action")
    scifi = GenreFactory(genre_name="Science Fiction")
    response = anon_client.get("/api/genres")
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {"id": action.id, "genreName": "Action"},
            {"id": scifi.id, "genreName": "Science Fiction"},
        ],
        "length": 2,
    }


def test_movie_languages_list_shape(anon_client):
    english = MovieLanguageFactory(language_name="English", iso_language_code="en")
    response = anon_client.get("/api/movie_languages")
    assert response.json() == {
        "items": [{"id": english.id, "languageName": "English", "languageCode": "en"}],
        "length": 1,
    }


def test_empty_reference_list_is_200_with_no_items(anon_client):
    response = anon_client.get("/api/movie_languages")
    assert response.status_code == 200
    assert response.json() == {"items": [], "length": 0}


def test_a_logged_in_clients_genres_are_the_list_query_alone(
    customer_client, django_assert_num_queries
):
    # Inside a test's transaction nothing is kept: the list is read each time, and the
    # caller's token is not checked (reelfake.generics.ReferenceListView, CallerFreeMixin).
    GenreFactory(genre_name="Action")
    with django_assert_num_queries(1):
        response = customer_client.get("/api/genres")
    assert response.json()["length"] == 1
