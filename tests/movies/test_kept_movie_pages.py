"""GET /api/movies?page=n without a filter, sort or search kept in memory per world and dropped
on a committed write it shows (movies/views.py MovieViewSet.list, reelfake/kept_pages.py
kept_item(), docs/performance.md "Kept movie pages")."""

import gzip

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from movies.models import Genre, Movie, MovieLanguage
from places.models import Country
from reelfake import kept_pages
from reelfake.db import worlds
from reelfake.db.listener import process_listener
from reelfake.renderers import KeptBody
from tests.factories import ActorFactory
from tests.kept import (
    another_world_written,
    assert_kept_answers_as_read,
    headers,
    kept_listening,
    settle,
    written,
)
from tests.kept import kept_and_read as kept_and_read_with
from tests.kept import page as read_page
from tests.movies.listed import listed_movies  # noqa: F401 (fixture `movies`)

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/movies"


@pytest.fixture
def kept(settings):
    """This process's subscriptions, listened to; cancelled (and every answer dropped) after."""
    yield from kept_listening(settings, kept_pages, REELFAKE_KEPT_PAGES=256)


def page(client, path: str = f"{URL}?page=2") -> dict:
    return read_page(client, path)


def titles(client, path: str = f"{URL}?page=2") -> list[str]:
    return [item["title"] for item in page(client, path)["items"]]


def kept_and_read(client, settings, path: str, **request_headers):
    return kept_and_read_with(client, settings, path, "REELFAKE_KEPT_PAGES", **request_headers)


def test_a_repeated_page_is_answered_without_a_query(kept, movies, anon_client):
    settle(kept)
    anon_client.get(f"{URL}?page=2")
    with CaptureQueriesContext(connection) as queries:
        response = anon_client.get(f"{URL}?page=2")
    assert response.status_code == 200
    assert queries.captured_queries == []


@pytest.mark.parametrize(
    "query", ["", "?page=1", "?page=first", "?page=2", "?page=3", "?page=last", "?page=03"]
)
def test_a_kept_page_answers_the_bytes_and_etag_of_a_read_one(
    kept, movies, anon_client, settings, query
):
    settle(kept)
    assert_kept_answers_as_read(anon_client, settings, URL + query, "REELFAKE_KEPT_PAGES")


@pytest.mark.parametrize("query", ["?page=1", "?page=2", "?page=3", "?page=last"])
def test_a_kept_page_of_a_list_with_a_gap_answers_the_bytes_of_a_read_one(
    kept, movies, anon_client, settings, query
):
    Movie.objects.filter(id=movies[7].id).delete()
    settle(kept)
    assert_kept_answers_as_read(anon_client, settings, URL + query, "REELFAKE_KEPT_PAGES")


def test_a_kept_page_answers_gzip_of_the_same_bytes(kept, movies, anon_client, settings):
    settle(kept)
    kept_answer, read = kept_and_read(
        anon_client, settings, f"{URL}?page=3", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert kept_answer["Content-Encoding"] == read["Content-Encoding"] == "gzip"
    assert gzip.decompress(kept_answer.content) == gzip.decompress(read.content)
    assert kept_answer["Vary"] == read["Vary"]
    assert kept_answer["ETag"] == read["ETag"]


def test_a_kept_pages_head_answers_the_headers_of_a_read_one(kept, movies, anon_client, settings):
    settle(kept)
    anon_client.get(f"{URL}?page=2")
    kept_answer = anon_client.head(f"{URL}?page=2")
    settings.REELFAKE_KEPT_PAGES = 0
    read = anon_client.head(f"{URL}?page=2")
    assert (kept_answer.status_code, kept_answer.content) == (read.status_code, b"")
    assert headers(kept_answer) == headers(read)


def test_a_kept_page_answers_304_to_its_etag(kept, movies, anon_client):
    settle(kept)
    etag = anon_client.get(f"{URL}?page=2")["ETag"]
    response = anon_client.get(f"{URL}?page=2", HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.content) == (304, b"")
    assert response["ETag"] == etag


def test_a_kept_page_is_a_kept_body_of_its_world(kept, movies, anon_client):
    settle(kept)
    anon_client.get(f"{URL}?page=2")
    [(key, answer)] = kept.entries.items()
    assert key[0] == worlds.current_world().schema
    assert type(answer) is KeptBody


def test_a_kept_page_keeps_its_bytes_not_its_items(kept, movies, anon_client):
    settle(kept)
    response = anon_client.get(f"{URL}?page=2")
    [answer] = kept.entries.values()
    assert (dict(answer), answer.rendered) == ({}, response.content)


def test_an_indented_kept_page_answers_the_bytes_of_an_indented_read_one(
    kept, movies, anon_client, settings
):
    settle(kept)
    indented = {"HTTP_ACCEPT": "application/json; indent=2"}
    kept_answer, read = kept_and_read(anon_client, settings, f"{URL}?page=2", **indented)
    assert kept_answer.content.startswith(b'{\n  "items"')
    assert kept_answer.content == read.content


def test_no_page_page_1_and_page_first_share_one_kept_page(kept, movies, anon_client):
    settle(kept)
    bodies = [anon_client.get(URL + query).content for query in ("", "?page=1", "?page=first")]
    assert bodies[0] == bodies[1] == bodies[2]
    assert len(kept.entries) == 1


def test_a_page_asked_on_another_host_has_that_hosts_urls(kept, movies, anon_client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    settle(kept)
    anon_client.get(URL)
    response = anon_client.get(URL, HTTP_HOST="other.example")
    [first, *_] = [item for item in response.json()["items"] if item["posterUrl"]]
    assert first["posterUrl"].startswith("http://other.example/api/images/posters/")
    assert len(kept.entries) == 2


def test_a_committed_movie_update_shows_in_the_next_page(kept, movies, anon_client):
    settle(kept)
    page(anon_client)
    written(kept, lambda: Movie.objects.filter(id=movies[50].id).update(title="After"))
    assert titles(anon_client)[0] == "After"


def test_a_committed_new_movie_shows_in_the_next_pages_total(kept, movies, make_movie, anon_client):
    settle(kept)
    page(anon_client, f"{URL}?page=last")
    written(kept, lambda: make_movie(title="Newest"))
    body = page(anon_client, f"{URL}?page=last")
    assert body["pagination"]["totalItems"] == 121
    assert body["items"][-1]["title"] == "Newest"


def test_a_committed_movie_delete_shows_in_the_next_page(kept, movies, anon_client):
    settle(kept)
    page(anon_client)
    written(kept, lambda: Movie.objects.filter(id=movies[50].id).delete())
    body = page(anon_client)
    assert body["pagination"]["totalItems"] == 119
    assert body["items"][0]["title"] == "Movie 051"


def test_a_committed_genre_rename_shows_in_the_next_page(kept, movies, anon_client):
    settle(kept)
    page(anon_client)
    written(kept, lambda: Genre.objects.filter(genre_name="Drama").update(genre_name="Dramas"))
    assert page(anon_client)["items"][1]["genres"] == ["Dramas", "Action"]


def test_a_committed_language_code_change_shows_in_the_next_page(kept, movies, anon_client):
    settle(kept)
    page(anon_client)
    written(
        kept,
        lambda: MovieLanguage.objects.filter(iso_language_code="fr").update(iso_language_code="fx"),
    )
    assert page(anon_client)["items"][0]["language"] == "fx"  # Movie 050


def test_a_committed_country_code_change_shows_in_the_next_page(kept, movies, anon_client):
    settle(kept)
    page(anon_client)
    written(
        kept, lambda: Country.objects.filter(iso_country_code="FR").update(iso_country_code="FX")
    )
    assert page(anon_client)["items"][2]["countriesOfOrigin"] == ["US", "FX"]  # Movie 052


def test_a_new_actor_keeps_the_kept_pages(kept, movies, anon_client):
    settle(kept)
    page(anon_client)
    written(kept, lambda: ActorFactory())
    assert len(kept.entries) == 1


def test_another_worlds_write_keeps_this_worlds_pages(kept, movies, anon_client):
    settle(kept)
    page(anon_client)
    another_world_written(kept)
    assert [key[0] for key in kept.entries] == [worlds.current_world().schema]


@pytest.mark.parametrize(
    "query",
    [
        "?page=2&genres=drama",
        "?page=2&sort=title",
        "?page=2&q=movie",
        "?page=2&format=json",
        "?page=2&lang=fr",
        "?genres=",
    ],
)
def test_a_page_with_another_query_parameter_is_not_kept(kept, movies, anon_client, query):
    settle(kept)
    response = anon_client.get(URL + query)
    assert response.status_code == 200
    assert kept.entries == {}


def test_a_page_with_another_query_parameter_reads_the_database(kept, movies, anon_client):
    settle(kept)
    anon_client.get(f"{URL}?page=2")
    with CaptureQueriesContext(connection) as queries:
        response = anon_client.get(f"{URL}?page=2&lang=fr")
    assert response.status_code == 200
    assert len(queries.captured_queries) > 0
    assert response.json() == page(anon_client)


def test_a_page_past_the_end_is_not_kept(kept, movies, anon_client):
    settle(kept)
    response = anon_client.get(f"{URL}?page=4")
    assert (response.status_code, response.json()) == (
        404,
        {"status": "error", "message": "Page out of range"},
    )
    assert kept.entries == {}


@pytest.mark.parametrize("query", ["?page=0", "?page=abc", "?page=2&page=2", "?page[]=2"])
def test_a_bad_page_is_not_kept(kept, movies, anon_client, query):
    settle(kept)
    response = anon_client.get(URL + query)
    assert (response.status_code, response.json()) == (
        400,
        {"status": "error", "message": "Invalid page number"},
    )
    assert kept.entries == {}


def test_a_page_read_inside_a_transaction_is_not_kept(kept, movies, anon_client):
    settle(kept)
    with transaction.atomic():
        Movie.objects.filter(id=movies[50].id).update(title="Uncommitted")
        assert titles(anon_client)[0] == "Uncommitted"
        transaction.set_rollback(True)
    assert kept.entries == {}
    assert titles(anon_client)[0] == "Movie 050"


def test_the_kept_pages_are_at_most_reelfake_kept_pages(kept, movies, anon_client, settings):
    settings.REELFAKE_KEPT_PAGES = 2
    settle(kept)
    for number in (1, 2, 3):
        page(anon_client, f"{URL}?page={number}")
    assert [key[-2] for key in kept.entries] == [2, 3]


def test_no_page_is_kept_with_reelfake_kept_pages_0(kept, movies, anon_client, settings):
    settings.REELFAKE_KEPT_PAGES = 0
    settle(kept)
    page(anon_client)
    page(anon_client)
    assert kept.entries == {}


# The listener thread delivers notifications under its lock: holding it shows what this
# process does before a notification arrives.
def test_a_movie_created_drops_this_processs_pages_before_its_notification(
    kept, movies, anon_client, manager_client
):
    settle(kept)
    page(anon_client, f"{URL}?page=last")
    with process_listener()._lock:
        response = manager_client.post(
            URL,
            {
                "tmdbId": 442417,
                "imdbId": "tt1234567",
                "title": "Newest",
                "originalTitle": "Newest",
                "runtime": 104,
                "releaseDate": "2025-01-01",
                "genres": ["Drama"],
                "countriesOfOrigin": ["us"],
                "language": "en",
                "movieStatus": "Released",
                "popularity": 5.5,
                "budget": 1000000,
                "revenue": 2500000,
                "ratingAverage": 7.45,
                "ratingCount": 67,
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        body = page(anon_client, f"{URL}?page=last")
        assert body["pagination"]["totalItems"] == 121
        assert body["items"][-1]["title"] == "Newest"


def test_a_movie_update_drops_this_processs_pages_before_its_notification(
    kept, movies, anon_client, manager_client
):
    settle(kept)
    page(anon_client)
    with process_listener()._lock:
        response = manager_client.put(f"{URL}/{movies[50].id}", {"title": "After"}, format="json")
        assert response.status_code == 204
        assert titles(anon_client)[0] == "After"


def test_a_movie_delete_drops_this_processs_pages_before_its_notification(
    kept, movies, anon_client, manager_client
):
    settle(kept)
    page(anon_client)
    with process_listener()._lock:
        response = manager_client.delete(f"{URL}/{movies[50].id}")
        assert response.status_code == 204
        assert titles(anon_client)[0] == "Movie 051"
