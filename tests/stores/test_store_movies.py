"""GET /api/stores/{id}/movies: in-stock inventory of one store, paged by inventory id, with
the movie filters of GET /movies."""

import datetime

import pytest
from rest_framework.test import APIRequestFactory

from movies.selectors import movie_with_names
from movies.serializers import MovieDetailSerializer
from tests.factories import (
    CountryFactory,
    GenreFactory,
    InventoryFactory,
    MovieFactory,
    MovieLanguageFactory,
    StoreFactory,
)
from tests.stores.fixtures import error

pytestmark = pytest.mark.django_db

MOVIE_KEYS = [
    "id",
    "title",
    "originalTitle",
    "overview",
    "runtime",
    "releaseDate",
    "genres",
    "countriesOfOrigin",
    "movieStatus",
    "popularity",
    "budget",
    "revenue",
    "ratingAverage",
    "ratingCount",
    "posterUrl",
    "rentalRate",
    "language",
]


def test_items_are_in_stock_rows_of_that_store_with_the_movie_detail(anon_client, store):
    row = InventoryFactory(store=store, stock_count=3, movie=MovieFactory(title="Heat"))
    InventoryFactory(store=store, stock_count=0)
    InventoryFactory(stock_count=5)  # another store
    response = anon_client.get(f"/api/stores/{store.id}/movies")
    assert response.status_code == 200
    body = response.json()
    assert body["length"] == 1
    item = body["items"][0]
    assert (item["id"], item["stock"]) == (row.id, 3)
    assert list(item["movie"]) == MOVIE_KEYS
    assert item["movie"]["title"] == "Heat"
    assert (item["movie"]["budget"], item["movie"]["rentalRate"]) == ("1000000", "4.99")
    assert body["pagination"] == {
        "pageNumber": 1,
        "totalPages": 1,
        "totalItems": 1,
        "itemsPerPage": 50,
        "next": None,
        "prev": None,
        "first": "?page=first",
        "last": "?page=last",
    }


def test_movie_objects_equal_the_movie_detail_serializer(anon_client, store):
    # The route reads MovieDetail as compiled rows (stores.serializers.STORE_MOVIE_ROW); it
    # must stay identical to the catalog's serializer, whatever the values.
    drama, crime = GenreFactory(genre_name="Drama"), GenreFactory(genre_name="Crime")
    france = CountryFactory(iso_country_code="FX")
    movies = [
        MovieFactory(
            genre_ids=[crime.id, drama.id],
            origin_country_ids=[france.id],
            overview=None,
            popularity=7,
            rating_average="8.00",
            budget=0,
            poster_url="/api/images/posters/1.svg",
            rental_rate="20.00",
        ),
        MovieFactory(imdb_id=None, poster_url=None, genre_ids=None, rating_average="0.05"),
        MovieFactory(),
    ]
    for movie in movies:
        InventoryFactory(store=store, movie=movie)
    request = APIRequestFactory().get("/", HTTP_HOST="testserver")
    rows = movie_with_names().filter(id__in=[movie.id for movie in movies])
    expected = MovieDetailSerializer(rows, many=True, context={"request": request}).data
    items = anon_client.get(f"/api/stores/{store.id}/movies").json()["items"]
    assert [item["movie"] for item in items] == [dict(movie) for movie in expected]
    assert [list(item["movie"]) for item in items] == [MOVIE_KEYS] * 3


def test_a_whole_rating_average_is_written_without_a_fraction(anon_client, store):
    # docs/stores.md "Numbers on the wire": 7.00 is written 7, as the reference writes it.
    movie = MovieFactory(
        title="Heat",
        original_title="Heat",
        overview="A heist.",
        runtime=170,
        release_date=datetime.date(1995, 12, 15),
        genre_ids=[GenreFactory(genre_name="Crime").id],
        origin_country_ids=[CountryFactory(iso_country_code="US").id],
        language=MovieLanguageFactory(iso_language_code="en"),
        popularity=5.5,
        budget=60_000_000,
        revenue=187_436_818,
        rating_average="7.00",
        rating_count=6000,
        poster_url="https://image.tmdb.org/t/p/w500/heat.jpg",
        rental_rate="4.99",
    )
    row = InventoryFactory(store=store, stock_count=3, movie=movie)
    response = anon_client.get(f"/api/stores/{store.id}/movies")
    assert response.content.decode() == (
        f'{{"items":[{{"id":{row.id},"stock":3,"movie":{{"id":{movie.id},"title":"Heat",'
        '"originalTitle":"Heat","overview":"A heist.","runtime":170,"releaseDate":"1995-12-15",'
        '"genres":["Crime"],"countriesOfOrigin":["US"],"movieStatus":"Released",'
        '"popularity":5.5,"budget":"60000000","revenue":"187436818","ratingAverage":7,'
        '"ratingCount":6000,"posterUrl":"https://image.tmdb.org/t/p/w500/heat.jpg",'
        '"rentalRate":"4.99","language":"en"}}],"length":1,"pagination":{"pageNumber":1,'
        '"totalPages":1,"totalItems":1,"itemsPerPage":50,"next":null,"prev":null,'
        '"first":"?page=first","last":"?page=last"}}'
    )


def test_a_rating_average_with_a_fraction_keeps_it(anon_client, store):
    InventoryFactory(store=store, movie=MovieFactory(rating_average="7.40"))
    response = anon_client.get(f"/api/stores/{store.id}/movies")
    assert b'"ratingAverage":7.4,' in response.content


def test_pages_count_only_in_stock_rows_in_inventory_id_order(anon_client, store):
    rows = [InventoryFactory(store=store, stock_count=1) for _ in range(51)]
    InventoryFactory(store=store, stock_count=0)
    body = anon_client.get(f"/api/stores/{store.id}/movies?page=2").json()
    assert [item["id"] for item in body["items"]] == [rows[50].id]
    assert body["pagination"]["totalItems"] == 51
    assert body["pagination"]["prev"] == "?page=1"
    first = anon_client.get(f"/api/stores/{store.id}/movies").json()
    assert [item["id"] for item in first["items"]] == [row.id for row in rows[:50]]


def test_page_last_is_the_real_last_page(anon_client, store):
    rows = [InventoryFactory(store=store, stock_count=1) for _ in range(52)]
    body = anon_client.get(f"/api/stores/{store.id}/movies?page=last").json()
    assert body["pagination"]["pageNumber"] == 2
    assert [item["id"] for item in body["items"]] == [rows[50].id, rows[51].id]


def test_genre_filter_applies_to_the_movie_and_links_carry_it(anon_client, store):
    drama = GenreFactory(genre_name="Drama")
    comedy = GenreFactory(genre_name="Comedy")
    wanted = InventoryFactory(store=store, movie=MovieFactory(genre_ids=[drama.id]))
    InventoryFactory(store=store, movie=MovieFactory(genre_ids=[comedy.id]))
    body = anon_client.get(f"/api/stores/{store.id}/movies?genres=drama").json()
    assert [item["id"] for item in body["items"]] == [wanted.id]
    assert body["pagination"]["first"] == "?page=first&genres=drama"


def test_release_date_rating_and_title_filters_combine(anon_client, store):
    hit = InventoryFactory(
        store=store,
        movie=MovieFactory(
            title="Night Train", release_date=datetime.date(2001, 1, 1), rating_average="8.10"
        ),
    )
    InventoryFactory(
        store=store,
        movie=MovieFactory(
            title="Night Bus", release_date=datetime.date(1999, 1, 1), rating_average="8.10"
        ),
    )
    InventoryFactory(store=store, movie=MovieFactory(title="Day Train", rating_average="9.00"))
    url = f"/api/stores/{store.id}/movies?title=night%25&release_date=2000-01-01,&rating=8,9"
    body = anon_client.get(url).json()
    assert [item["id"] for item in body["items"]] == [hit.id]


def test_languages_filter(anon_client, store):
    french = InventoryFactory(store=store)
    InventoryFactory(store=store)
    code = french.movie.language.iso_language_code
    body = anon_client.get(f"/api/stores/{store.id}/movies?languages={code}").json()
    assert [item["id"] for item in body["items"]] == [french.id]


@pytest.mark.parametrize(
    "query, message",
    [
        ("genres=nope", "[nope] are invalid genres"),
        ("genres=[drama", "Invalid genres provided in query"),
        ("countries=zz", "[zz] are invalid countries"),
        ("languages=qq", "[qq] are invalid languages"),
        ("release_date=2020-13-01", "Release date must be in format YYYY-MM-DD"),
        ("release_date=1,2,3", "Invalid release date provided in query"),
        ("rating=high", "Invalid rating provided in query"),
    ],
)
def test_invalid_movie_filters_answer_the_movies_messages(anon_client, store, query, message):
    response = anon_client.get(f"/api/stores/{store.id}/movies?{query}")
    assert response.status_code == 400
    assert response.json() == error(message)


def test_invalid_page_is_checked_before_the_store_id(anon_client, db):
    response = anon_client.get("/api/stores/abc/movies?page=0")
    assert response.status_code == 400
    assert response.json() == error("Invalid page number")


def test_non_numeric_store_id_is_400(anon_client, db):
    response = anon_client.get("/api/stores/abc/movies")
    assert response.status_code == 400
    assert response.json() == error("Invalid store id")


def test_store_without_stock_is_404_no_data(anon_client, db):
    store = StoreFactory()
    InventoryFactory(store=store, stock_count=0)
    response = anon_client.get(f"/api/stores/{store.id}/movies")
    assert response.status_code == 404
    assert response.json() == error("No data found with the given query")


def test_unknown_store_is_404_no_data(anon_client, db):
    response = anon_client.get("/api/stores/777/movies")
    assert response.status_code == 404
    assert response.json() == error("No data found with the given query")


def test_page_past_the_end_is_404(anon_client, store):
    InventoryFactory(store=store)
    response = anon_client.get(f"/api/stores/{store.id}/movies?page=2")
    assert response.status_code == 404
    assert response.json() == error("Page out of range")
