"""GET /api/movies with filters or a sort kept in memory per world and query as sent, dropped on
a committed write it shows (movies/views.py MovieViewSet.list, reelfake/kept_pages.py
kept_filtered_item(), docs/performance.md "Kept filtered movie pages")."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from movies.models import Genre, Movie
from reelfake import kept_pages
from reelfake.db import worlds
from reelfake.db.listener import process_listener
from reelfake.renderers import KeptBody
from tests.kept import (
    another_world_written,
    assert_kept_answers_as_read,
    kept_listening,
    settle,
    written,
)
from tests.kept import page as read_page
from tests.movies.listed import listed_movies  # noqa: F401 (fixture `movies`)
from tests.reference import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/movies"
FILTERED = f"{URL}?genres=action,drama&release_date=2015-01-01,2020-12-31"


@pytest.fixture
def kept(settings):
    """The filtered pages' store, listened to; cancelled (and every answer dropped) after."""
    yield from kept_listening(
        settings,
        kept_pages,
        store="_kept_filtered",
        REELFAKE_KEPT_FILTERED_PAGES=256,
        REELFAKE_KEPT_FILTERED_PAGES_PER_WORLD=64,
    )


def page(client, path: str = FILTERED) -> dict:
    return read_page(client, path)


def test_a_repeated_filtered_page_is_answered_without_a_query(kept, movies, anon_client):
    settle(kept)
    page(anon_client)
    with CaptureQueriesContext(connection) as queries:
        response = anon_client.get(FILTERED)
    assert response.status_code == 200
    assert queries.captured_queries == []


@pytest.mark.parametrize(
    "query",
    [
        "?genres=action,drama&release_date=2015-01-01,2020-12-31",
        "?genres=action,drama&release_date=2010-01-01,2021-12-31&page=2",
        "?page=last&genres=comedy",
        '?genres=["drama","action"]',
        "?countries=us,fr&sort=-title",
        "?languages=fr&rating=0,10",
        "?title=Movie%2005%25",
        "?sort=releaseDate,-id&page=3",
        "?genres=drama&sort=title&page=2",
        "?genres=&page=2",
    ],
)
def test_a_kept_filtered_page_answers_the_bytes_and_etag_of_a_read_one(
    kept, movies, anon_client, settings, query
):
    settle(kept)
    assert_kept_answers_as_read(anon_client, settings, URL + query, "REELFAKE_KEPT_FILTERED_PAGES")


def test_a_kept_filtered_page_is_a_kept_body_of_its_world(kept, movies, anon_client):
    settle(kept)
    response = anon_client.get(FILTERED)
    [(key, answer)] = kept.entries.items()
    assert key[0] == worlds.current_world().schema
    assert type(answer) is KeptBody
    assert (dict(answer), answer.rendered) == ({}, response.content)


def test_the_same_filters_sent_in_another_order_keep_their_own_links(kept, movies, anon_client):
    settle(kept)
    first = page(anon_client, f"{URL}?genres=drama&sort=title")
    second = page(anon_client, f"{URL}?sort=title&genres=drama")
    assert first["pagination"]["next"] == "?page=2&genres=drama&sort=title"
    assert second["pagination"]["next"] == "?page=2&sort=title&genres=drama"
    assert first["items"] == second["items"]
    assert len(kept.entries) == 2


def test_a_filtered_page_asked_on_another_host_has_that_hosts_urls(
    kept, movies, anon_client, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    settle(kept)
    anon_client.get(FILTERED)
    response = anon_client.get(FILTERED, HTTP_HOST="other.example")
    [first, *_] = [item for item in response.json()["items"] if item["posterUrl"]]
    assert first["posterUrl"].startswith("http://other.example/api/images/posters/")
    assert len(kept.entries) == 2


def test_a_committed_new_movie_in_the_range_shows_in_the_next_filtered_page(
    kept, movies, make_movie, anon_client
):
    settle(kept)
    total = page(anon_client)["pagination"]["totalItems"]
    written(
        kept,
        lambda: make_movie(
            title="Newest", release_date=datetime.date(2016, 5, 5), genres_=["Action"]
        ),
    )
    body = page(anon_client, f"{FILTERED}&page=last")
    assert body["pagination"]["totalItems"] == total + 1
    assert body["items"][-1]["title"] == "Newest"


def test_a_committed_genre_change_of_a_movie_shows_in_the_next_filtered_page(
    kept, movies, genres, anon_client
):
    settle(kept)
    before = page(anon_client)
    first = before["items"][0]["id"]
    written(
        kept,
        lambda: Movie.objects.filter(id=first).update(genre_ids=[genres["Comedy"].id]),
    )
    after = page(anon_client)
    assert after["pagination"]["totalItems"] == before["pagination"]["totalItems"] - 1
    assert first not in [item["id"] for item in after["items"]]


def test_a_committed_movie_delete_shows_in_the_next_filtered_page(kept, movies, anon_client):
    settle(kept)
    before = page(anon_client)
    first = before["items"][0]["id"]
    written(kept, lambda: Movie.objects.filter(id=first).delete())
    after = page(anon_client)
    assert after["pagination"]["totalItems"] == before["pagination"]["totalItems"] - 1
    assert after["items"][0]["id"] == before["items"][1]["id"]


def test_a_committed_genre_rename_shows_in_the_next_filtered_page(kept, movies, anon_client):
    settle(kept)
    page(anon_client)
    written(kept, lambda: Genre.objects.filter(genre_name="Drama").update(genre_name="Dramas"))
    assert page(anon_client)["items"][0]["genres"] == ["Dramas", "Action"]


def test_a_committed_genre_rename_makes_its_token_match_nothing(kept, movies, anon_client):
    settle(kept)
    page(anon_client, f"{URL}?genres=comedy")
    written(kept, lambda: Genre.objects.filter(genre_name="Comedy").update(genre_name="Comedies"))
    response = anon_client.get(f"{URL}?genres=comedy")
    assert (response.status_code, response.json()) == (
        404,
        {"status": "error", "message": "No data found with the given query"},
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?genres=nope", "[nope] are invalid genres"),
        ("?release_date=2015-13-01", "Release date must be in format YYYY-MM-DD"),
        ("?genres=drama&genres=action", "Invalid genres provided in query"),
        ("?genres[]=drama", "Invalid genres provided in query"),
        ("?rating=1,2,3", "Invalid rating provided in query"),
        (
            "?sort=nope",
            "[nope] are invalid sort fields. Allowed fields: id, title, releaseDate, "
            "popularity, ratingAverage, ratingCount, runtime (prefix a field with - for "
            "descending order)",
        ),
    ],
)
def test_a_bad_filter_answers_its_400_and_is_not_kept(kept, movies, anon_client, query, message):
    settle(kept)
    for _ in range(2):
        response = anon_client.get(URL + query)
        assert (response.status_code, response.json()) == (
            400,
            {"status": "error", "message": message},
        )
    assert kept.entries == {}


def test_a_filter_matching_nothing_answers_404_and_is_not_kept(kept, movies, anon_client):
    settle(kept)
    response = anon_client.get(f"{URL}?title=zzz")
    assert (response.status_code, response.json()) == (
        404,
        {"status": "error", "message": "No data found with the given query"},
    )
    assert kept.entries == {}


@pytest.mark.parametrize(
    "query",
    ["?genres=drama&q=movie", "?q=movie", "?genres=drama&format=json", "?genres=drama&lang=fr"],
)
def test_a_filtered_page_with_a_search_or_another_parameter_is_not_kept(
    kept, movies, anon_client, query
):
    settle(kept)
    response = anon_client.get(URL + query)
    assert response.status_code == 200
    assert kept.entries == {}


def test_a_filtered_page_with_a_query_longer_than_1024_characters_is_not_kept(
    kept, movies, anon_client
):
    settle(kept)
    title = "Movie%25" + "%25" * 334  # "Movie%%%…": every movie
    assert len(f"title={title}&sort=id") == 1024
    assert page(anon_client, f"{URL}?title={title}&sort=id")["length"] == 50
    assert page(anon_client, f"{URL}?title={title}%25&sort=id")["length"] == 50
    assert [len(key[-2]) for key in kept.entries] == [1024]


def test_a_filtered_page_read_inside_a_transaction_is_not_kept(kept, movies, anon_client):
    settle(kept)
    with transaction.atomic():
        Movie.objects.filter(id=movies[1].id).update(title="Uncommitted")
        assert page(anon_client, f"{URL}?genres=drama")["items"][0]["title"] == "Uncommitted"
        transaction.set_rollback(True)
    assert kept.entries == {}
    assert page(anon_client, f"{URL}?genres=drama")["items"][0]["title"] == "Movie 001"


def test_the_filtered_pages_are_at_most_reelfake_kept_filtered_pages(
    kept, movies, anon_client, settings
):
    settings.REELFAKE_KEPT_FILTERED_PAGES = 2
    settle(kept)
    for sort in ("title", "-title", "runtime"):
        page(anon_client, f"{URL}?sort={sort}")
    assert [key[-2] for key in kept.entries] == ["sort=-title", "sort=runtime"]


def test_a_world_keeps_at_most_its_share_of_filtered_pages_and_leaves_the_others(
    kept, movies, anon_client, settings
):
    settings.REELFAKE_KEPT_FILTERED_PAGES_PER_WORLD = 2
    settle(kept)
    other = ("sandbox_0123456789abcdef", "movie-filtered-page", "sort=title", "http://testserver")
    kept.keep(other, KeptBody(), kept.generation)
    for sort in ("title", "-title", "runtime"):
        page(anon_client, f"{URL}?sort={sort}")
    assert [key[-2] for key in kept.entries] == ["sort=title", "sort=-title", "sort=runtime"]
    assert [key[0] for key in kept.entries][0] == "sandbox_0123456789abcdef"


def test_filtered_pages_never_push_out_the_unfiltered_pages(kept, movies, anon_client, settings):
    settings.REELFAKE_KEPT_PAGES = 1
    kept_pages._active()
    wait_for(lambda: kept_pages._kept.ready)
    settle(kept_pages._kept)
    page(anon_client, f"{URL}?page=2")
    for sort in ("title", "-title", "runtime"):
        page(anon_client, f"{URL}?sort={sort}")
    assert [key[-2] for key in kept_pages._kept.entries] == [2]
    assert len(kept.entries) == 3


def test_no_filtered_page_is_kept_with_reelfake_kept_filtered_pages_0(
    kept, movies, anon_client, settings
):
    settings.REELFAKE_KEPT_FILTERED_PAGES = 0
    settle(kept)
    page(anon_client)
    page(anon_client)
    assert kept.entries == {}


def test_another_worlds_write_keeps_this_worlds_filtered_pages(kept, movies, anon_client):
    settle(kept)
    page(anon_client)
    another_world_written(kept)
    assert [key[0] for key in kept.entries] == [worlds.current_world().schema]


# The listener thread delivers notifications under its lock: holding it shows what this
# process does before a notification arrives.
def test_a_movie_update_drops_this_processs_filtered_pages_before_its_notification(
    kept, movies, anon_client, manager_client
):
    settle(kept)
    first = page(anon_client)["items"][0]
    with process_listener()._lock:
        response = manager_client.put(f"{URL}/{first['id']}", {"title": "After"}, format="json")
        assert response.status_code == 204
        assert page(anon_client)["items"][0]["title"] == "After"
