"""Conditional GET on the catalog reads, and query-count guards against N+1."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ActorFactory, MovieActorFactory
from tests.reference import reference_cache  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def movie(make_movie):
    movie = make_movie(genres_=["Drama"], countries_=["US"])
    MovieActorFactory(movie=movie)
    return movie


@pytest.fixture
def urls(movie):
    actor_id = movie.cast.get().actor_id
    return [
        "/api/movies",
        f"/api/movies/{movie.id}?include_actors=true",
        "/api/actors",
        f"/api/actors/{actor_id}?includeMovies=true",
    ]


def test_reads_send_an_etag(anon_client, urls):
    for url in urls:
        assert anon_client.get(url).has_header("ETag"), url


def test_the_same_etag_answers_304_without_a_body(anon_client, urls):
    for url in urls:
        etag = anon_client.get(url)["ETag"]
        response = anon_client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert (response.status_code, response.content) == (304, b""), url


def test_a_changed_movie_gets_a_new_etag(anon_client, movie):
    url = f"/api/movies/{movie.id}"
    etag = anon_client.get(url)["ETag"]
    movie.title = "Renamed"
    movie.save(update_fields=["title"])
    response = anon_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_stale_etag_gets_the_full_list(anon_client, movie):
    response = anon_client.get("/api/movies", HTTP_IF_NONE_MATCH='"stale"')
    assert response.status_code == 200
    assert response.json()["length"] == 1


# Query counts ------------------------------------------------------------------------------


@pytest.fixture
def full_page(make_movie):
    """50 movies with genres, countries and cast: what an N+1 would multiply."""
    movies = [
        make_movie(genres_=["Drama", "War"], countries_=["US", "GB"], lang="fr") for _ in range(50)
    ]
    for movie in movies[:5]:
        for order in range(4):
            MovieActorFactory(movie=movie, cast_order=order)
    return movies


def test_movie_list_page_is_one_query_with_its_count(anon_client, full_page):
    # The connection's first page prepares the statement (reelfake/db/compiled.py).
    anon_client.get("/api/movies", {"page": "1"})
    with CaptureQueriesContext(connection) as queries:
        assert anon_client.get("/api/movies", {"page": "1"}).json()["length"] == 50
    assert len(queries) == 1


def test_filtered_movie_list_adds_one_lookup_per_token_filter(anon_client, full_page):
    query = {"genres": "drama", "countries": "us", "languages": "fr", "sort": "-popularity"}
    with CaptureQueriesContext(connection) as queries:
        assert anon_client.get("/api/movies", query).json()["length"] == 50
    assert len(queries) == 4  # genre, country, language lookups + the page with its count


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_cache")
def test_filtered_movie_list_is_one_query_while_the_reference_lists_are_kept(
    anon_client, full_page
):
    query = {"genres": "drama", "countries": "us", "languages": "fr", "sort": "-popularity"}
    anon_client.get("/api/movies", query)  # keeps the genres, countries and languages
    with CaptureQueriesContext(connection) as queries:
        assert anon_client.get("/api/movies", query).json()["length"] == 50
    assert len(queries) == 1  # the page with its count


def test_searched_movie_list_adds_only_the_pg_trgm_check(anon_client, full_page):
    with CaptureQueriesContext(connection) as queries:
        anon_client.get("/api/movies", {"q": full_page[0].title})
    assert len(queries) == 2  # the pg_trgm check + the page with its count


def test_movie_detail_with_cast_is_one_query(anon_client, full_page, django_assert_num_queries):
    # The connection's first detail prepares the statement (reelfake/db/compiled.py).
    anon_client.get(f"/api/movies/{full_page[1].id}?include_actors=1")
    with django_assert_num_queries(1):
        body = anon_client.get(f"/api/movies/{full_page[0].id}?include_actors=1").json()
    assert len(body["actors"]) == 4


def test_actor_list_page_is_one_count_and_one_page_query(anon_client, django_assert_num_queries):
    ActorFactory.create_batch(60)
    with django_assert_num_queries(2):
        assert anon_client.get("/api/actors").json()["length"] == 50


def test_actor_detail_with_movies_is_two_queries(anon_client, full_page, django_assert_num_queries):
    actor = ActorFactory()
    for movie in full_page[:10]:
        MovieActorFactory(movie=movie, actor=actor)
    with django_assert_num_queries(2):
        body = anon_client.get(f"/api/actors/{actor.id}", {"includeMovies": "true"}).json()
    assert len(body["movies"]) == 10


def test_list_query_count_does_not_grow_with_the_page(
    anon_client, make_movie, django_assert_max_num_queries
):
    for _ in range(120):
        make_movie(genres_=["Drama"], countries_=["FR"])
    with django_assert_max_num_queries(2):
        anon_client.get("/api/movies", {"page": "last"})


def test_a_logged_in_clients_movie_detail_is_the_movie_query_alone(
    customer_client, full_page, django_assert_num_queries
):
    customer_client.get(f"/api/movies/{full_page[0].id}")  # the statement prepared
    with django_assert_num_queries(1):
        response = customer_client.get(f"/api/movies/{full_page[0].id}?include_actors=1")
    assert response.status_code == 200


def test_a_logged_in_clients_actor_page_is_the_list_queries_alone(
    customer_client, django_assert_num_queries
):
    ActorFactory.create_batch(60)
    customer_client.get("/api/actors")
    with django_assert_num_queries(2):
        assert customer_client.get("/api/actors").json()["length"] == 50
