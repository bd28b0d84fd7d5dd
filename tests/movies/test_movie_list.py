"""GET /api/movies: shape, pagination, filters and their messages."""

import datetime

import pytest
from rest_framework.test import APIRequestFactory

from movies.selectors import movie_with_names
from movies.serializers import MovieSummarySerializer
from tests.factories import MovieFactory
from tests.movies.helpers import bad_request, error, ids, not_found

pytestmark = pytest.mark.django_db

URL = "/api/movies"


def test_list_item_has_the_movie_summary_shape(anon_client, make_movie):
    movie = make_movie(
        title="The Wizard",
        genres_=["Drama", "Fantasy"],
        countries_=["RU"],
        lang="ru",
        release_date=datetime.date(2025, 1, 1),
        runtime=104,
        popularity=5,
        rating_average="7.45",
        rating_count=67,
        poster_url="https://image.tmdb.org/t/p/w500/x.jpg",
        rental_rate="20.00",
    )
    response = anon_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["items"] == [
        {
            "id": movie.id,
            "title": "The Wizard",
            "runtime": 104,
            "releaseDate": "2025-01-01",
            "genres": ["Drama", "Fantasy"],
            "countriesOfOrigin": ["RU"],
            "language": "ru",
            "popularity": 5.0,
            "ratingAverage": 7.45,
            "ratingCount": 67,
            "posterUrl": "https://image.tmdb.org/t/p/w500/x.jpg",
            "rentalRate": "20.00",
        }
    ]


def test_list_items_are_what_the_shared_summary_serializer_gives(anon_client, make_movie):
    make_movie(genres_=["Action", "Science Fiction"], countries_=["US", "GB"])
    make_movie(genres_=[], countries_=[], poster_url="/api/images/posters/2.svg")
    make_movie(poster_url=None, rating_average="0", rental_rate="0.99", overview=None)
    request = APIRequestFactory().get(URL)
    expected = MovieSummarySerializer(
        movie_with_names(), many=True, context={"request": request}
    ).data
    assert anon_client.get(URL).json()["items"] == expected


def test_site_relative_poster_is_absolute_on_the_server_base_url(anon_client):
    movie = MovieFactory(poster_url="/api/images/posters/7.svg")
    response = anon_client.get(URL, HTTP_HOST="localhost:8000")
    assert response.json()["items"][0]["posterUrl"] == (
        "http://localhost:8000/api/images/posters/7.svg"
    )
    assert movie.poster_url == "/api/images/posters/7.svg"


def test_movie_without_genres_or_countries_has_null_lists(anon_client):
    MovieFactory(genre_ids=None, origin_country_ids=[])
    item = anon_client.get(URL).json()["items"][0]
    assert (item["genres"], item["countriesOfOrigin"]) == (None, None)


# Pagination --------------------------------------------------------------------------------


def test_first_page_has_fifty_items_and_bare_links(anon_client):
    movies = MovieFactory.create_batch(51)
    body = anon_client.get(URL).json()
    assert body["length"] == 50
    assert [item["id"] for item in body["items"]] == [m.id for m in movies[:50]]
    assert body["pagination"] == {
        "pageNumber": 1,
        "totalPages": 2,
        "totalItems": 51,
        "itemsPerPage": 50,
        "next": "?page=2",
        "prev": None,
        "first": "?page=first",
        "last": "?page=last",
    }


def test_last_page_holds_the_remainder(anon_client):
    movies = MovieFactory.create_batch(51)
    body = anon_client.get(URL, {"page": "2"}).json()
    assert [item["id"] for item in body["items"]] == [movies[-1].id]
    assert (body["pagination"]["next"], body["pagination"]["prev"]) == (None, "?page=1")


def test_page_last_is_the_real_last_page_in_ascending_order(anon_client):
    movies = MovieFactory.create_batch(120)
    body = anon_client.get(URL, {"page": "last"}).json()
    assert [item["id"] for item in body["items"]] == [m.id for m in movies[100:]]
    assert body["pagination"]["pageNumber"] == 3
    assert body["pagination"]["next"] is None
    assert body["pagination"]["prev"] == "?page=2"


def test_page_last_with_a_single_page_has_no_prev(anon_client):
    MovieFactory.create_batch(3)
    pagination = anon_client.get(URL, {"page": "last"}).json()["pagination"]
    assert (pagination["pageNumber"], pagination["prev"], pagination["next"]) == (1, None, None)


def test_an_exact_multiple_of_fifty_has_no_empty_last_page(anon_client):
    movies = MovieFactory.create_batch(100)
    body = anon_client.get(URL, {"page": "last"}).json()
    assert body["pagination"]["totalPages"] == 2
    assert [item["id"] for item in body["items"]] == [m.id for m in movies[50:]]


def test_the_last_page_read_again_after_a_new_movie_holds_it(anon_client):
    # The unfiltered list's pages run SQL kept per process; a late page's depends on the total.
    movies = MovieFactory.create_batch(120)
    anon_client.get(URL, {"page": "3"})
    added = MovieFactory()
    body = anon_client.get(URL, {"page": "3"}).json()
    assert [item["id"] for item in body["items"]] == [m.id for m in movies[100:]] + [added.id]
    assert body["pagination"]["totalItems"] == 121


def test_a_page_read_again_after_a_movie_is_deleted_skips_it(anon_client):
    movies = MovieFactory.create_batch(60)
    anon_client.get(URL, {"page": "1"})
    movies[10].delete()
    body = anon_client.get(URL, {"page": "1"}).json()
    assert [item["id"] for item in body["items"]] == [m.id for m in movies[:10] + movies[11:51]]


def test_page_first_is_page_one(anon_client):
    movies = MovieFactory.create_batch(51)
    body = anon_client.get(URL, {"page": "first"}).json()
    assert body["pagination"]["pageNumber"] == 1
    assert body["items"][0]["id"] == movies[0].id


def test_pages_after_a_delete_have_no_repeated_or_missing_row(anon_client):
    movies = MovieFactory.create_batch(102)
    movies[10].delete()  # an id gap on page 1; the reference's id arithmetic broke here
    seen = []
    for page in ("1", "2", "3"):
        seen += ids(anon_client.get(URL, {"page": page}))
    assert seen == [m.id for m in movies if m is not movies[10]]
    assert error(anon_client.get(URL, {"page": "4"})) == not_found("Page out of range")


def test_no_movie_at_all_is_no_data_found(anon_client):
    assert error(anon_client.get(URL)) == not_found("No data found with the given query")


def test_a_page_past_the_end_is_page_out_of_range(anon_client):
    MovieFactory.create_batch(3)
    assert error(anon_client.get(URL, {"page": "2"})) == not_found("Page out of range")


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=abc",
        "page=1.5",
        "page=",
        "page=1&page=2",
        "page[]=1",
        "page=Last",
    ],
)
def test_invalid_page_is_rejected(anon_client, query):
    MovieFactory()
    assert error(anon_client.get(f"{URL}?{query}")) == bad_request("Invalid page number")


def test_links_stay_bare_when_no_filter_is_sent(anon_client):
    MovieFactory.create_batch(51)
    pagination = anon_client.get(f"{URL}?foo=bar&include=x").json()["pagination"]
    assert pagination["next"] == "?page=2"


def test_links_carry_every_parameter_in_request_order_unencoded(anon_client, make_movie):
    for _ in range(51):
        make_movie(title="A star is born", genres_=["Drama"])
    response = anon_client.get(f"{URL}?title=%25star%25&foo=1&genres=drama&empty=")
    assert response.json()["pagination"] == {
        "pageNumber": 1,
        "totalPages": 2,
        "totalItems": 51,
        "itemsPerPage": 50,
        "next": "?page=2&title=%star%&foo=1&genres=drama",
        "prev": None,
        "first": "?page=first&title=%star%&foo=1&genres=drama",
        "last": "?page=last&title=%star%&foo=1&genres=drama",
    }


def test_a_slash_at_the_end_is_the_same_route(anon_client):
    movie = MovieFactory()
    assert ids(anon_client.get(f"{URL}/")) == [movie.id]


# genres ------------------------------------------------------------------------------------


def test_comma_genres_match_any_of_them(anon_client, make_movie):
    action = make_movie(genres_=["Action"])
    drama = make_movie(genres_=["Drama", "Comedy"])
    make_movie(genres_=["Comedy"])
    assert ids(anon_client.get(URL, {"genres": "action,drama"})) == [action.id, drama.id]


def test_json_array_genres_match_all_of_them(anon_client, make_movie):
    both = make_movie(genres_=["Drama", "Action", "War"])
    make_movie(genres_=["Action"])
    make_movie(genres_=["Drama"])
    assert ids(anon_client.get(URL, {"genres": '["action","drama"]'})) == [both.id]


@pytest.mark.parametrize("token", ["science fiction", "science_fiction", "sci_fi", "SCI_FI"])
def test_the_science_fiction_spellings_are_one_genre(anon_client, make_movie, token):
    scifi = make_movie(genres_=["Science Fiction"])
    make_movie(genres_=["Fantasy"])
    assert ids(anon_client.get(URL, {"genres": token})) == [scifi.id]


def test_tv_movie_token_is_the_tv_movie_genre(anon_client, make_movie):
    tv = make_movie(genres_=["TV Movie"])
    make_movie(genres_=["Drama"])
    assert ids(anon_client.get(URL, {"genres": "tv_movie"})) == [tv.id]


def test_genre_tokens_are_case_insensitive_and_empty_items_are_ignored(anon_client, make_movie):
    war = make_movie(genres_=["War"])
    assert ids(anon_client.get(URL, {"genres": ",WAR,,"})) == [war.id]


def test_genres_are_looked_up_in_the_genre_table(anon_client, make_movie, genres):
    western = make_movie(genres_=["Western"])
    assert genres["Western"].id != 19  # the ids come from the table, not from a list
    assert ids(anon_client.get(URL, {"genres": "western"})) == [western.id]


def test_unknown_genre_tokens_are_listed_as_sent(anon_client, genres):
    response = anon_client.get(URL, {"genres": "action,Foo,bar baz"})
    assert error(response) == bad_request("[Foo,bar baz] are invalid genres")


def test_unknown_genre_in_a_json_array_is_rejected(anon_client, genres):
    response = anon_client.get(URL, {"genres": '["action","invalid_genre"]'})
    assert error(response) == bad_request("[invalid_genre] are invalid genres")


def test_non_string_items_of_a_json_array_are_invalid_genres(anon_client, genres):
    response = anon_client.get(URL, {"genres": '["drama",1,null]'})
    assert error(response) == bad_request("[1,null] are invalid genres")


@pytest.mark.parametrize(
    "query",
    [
        'genres=["action"',
        "genres=action]",
        "genres=[action]",
        'genres=["action"]]',
        "genres=action&genres=drama",
        "genres[]=action",
        "genres[0]=action",
        pytest.param("genres=" + "[" * 10_000 + "]" * 10_000, id="10000-nested-arrays"),
    ],
)
def test_malformed_genres_are_invalid_genres(anon_client, genres, query):
    response = anon_client.get(f"{URL}?{query}")
    assert error(response) == bad_request("Invalid genres provided in query")


# countries and languages -------------------------------------------------------------------


def test_comma_countries_match_any_of_them(anon_client, make_movie):
    us = make_movie(countries_=["US"])
    gb = make_movie(countries_=["GB", "FR"])
    make_movie(countries_=["FR"])
    assert ids(anon_client.get(URL, {"countries": "us,gb"})) == [us.id, gb.id]


def test_json_array_countries_match_all_of_them(anon_client, make_movie):
    both = make_movie(countries_=["FR", "GB"])
    make_movie(countries_=["GB"])
    assert ids(anon_client.get(URL, {"countries": '["gb","FR"]'})) == [both.id]


def test_historical_country_codes_work(anon_client, make_movie):
    soviet = make_movie(countries_=["SU"])
    assert ids(anon_client.get(URL, {"countries": "su"})) == [soviet.id]


def test_unknown_countries_are_listed(anon_client, countries):
    response = anon_client.get(URL, {"countries": "us,zz"})
    assert error(response) == bad_request("[zz] are invalid countries")


def test_unknown_country_in_a_json_array_is_rejected(anon_client, countries):
    response = anon_client.get(URL, {"countries": '["us","qq"]'})
    assert error(response) == bad_request("[qq] are invalid countries")


@pytest.mark.parametrize(
    "query",
    [
        'countries=["us"',
        "countries=us&countries=gb",
        "countries[]=us",
        pytest.param("countries=" + "[" * 10_000 + "]" * 10_000, id="10000-nested-arrays"),
    ],
)
def test_malformed_countries_are_invalid_countries(anon_client, countries, query):
    response = anon_client.get(f"{URL}?{query}")
    assert error(response) == bad_request("Invalid countries provided in query")


def test_comma_languages_match_any_of_them(anon_client, make_movie):
    english = make_movie(lang="en")
    french = make_movie(lang="fr")
    make_movie(lang="ru")
    assert ids(anon_client.get(URL, {"languages": "FR,en"})) == [english.id, french.id]


def test_unknown_languages_are_listed(anon_client, languages):
    response = anon_client.get(URL, {"languages": "en,qq"})
    assert error(response) == bad_request("[qq] are invalid languages")


@pytest.mark.parametrize("query", ['languages=["en"]', "languages=[en", "languages[]=en"])
def test_json_array_or_malformed_languages_are_invalid_languages(anon_client, languages, query):
    response = anon_client.get(f"{URL}?{query}")
    assert error(response) == bad_request("Invalid languages provided in query")


# release_date and rating -------------------------------------------------------------------


@pytest.fixture
def dated(make_movie):
    return [
        make_movie(release_date=datetime.date(2015, 1, 1)),
        make_movie(release_date=datetime.date(2018, 6, 30)),
        make_movie(release_date=datetime.date(2021, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-06-30", [1]),
        ("2015-01-01,2018-06-30", [0, 1]),
        ("2018-06-30,", [1, 2]),
        (",2018-06-30", [0, 1]),
        (" 2015-01-01 , 2015-01-01 ", [0]),
    ],
)
def test_release_date_is_a_date_or_an_inclusive_range(anon_client, dated, value, expected):
    response = anon_client.get(URL, {"release_date": value})
    assert ids(response) == [dated[i].id for i in expected]


def test_release_date_with_three_parts_is_invalid(anon_client, dated):
    response = anon_client.get(URL, {"release_date": "2015-01-01,2016-01-01,2017-01-01"})
    assert error(response) == bad_request("Invalid release date provided in query")


@pytest.mark.parametrize(
    "value", ["2021-02-30", "2021-13-01", "2021-1-01", "01/01/2021", "2021-02-29,", ",yesterday"]
)
def test_bad_or_impossible_release_dates_are_rejected(anon_client, dated, value):
    response = anon_client.get(URL, {"release_date": value})
    assert error(response) == bad_request("Release date must be in format YYYY-MM-DD")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7.5", [1]), ("6,7.5", [0, 1]), ("7,", [1, 2]), (",6.99", [0]), ("9.1,10", [2])],
)
def test_rating_is_a_number_or_an_inclusive_range(anon_client, make_movie, value, expected):
    movies = [
        make_movie(rating_average="6.10"),
        make_movie(rating_average="7.50"),
        make_movie(rating_average="9.90"),
    ]
    assert ids(anon_client.get(URL, {"rating": value})) == [movies[i].id for i in expected]


@pytest.mark.parametrize("value", ["high", "1,2,3", "7,x", "nan", "rating=1&rating=2"])
def test_bad_rating_is_invalid_rating(anon_client, make_movie, value):
    make_movie()
    query = value if value.startswith("rating=") else f"rating={value}"
    response = anon_client.get(f"{URL}?{query}")
    assert error(response) == bad_request("Invalid rating provided in query")


# title, combination, order of validation ---------------------------------------------------


def test_title_is_a_case_insensitive_ilike_pattern(anon_client, make_movie):
    star = make_movie(title="A Star Is Born")
    make_movie(title="Starship")
    assert ids(anon_client.get(URL, {"title": "%STAR is%"})) == [star.id]


def test_title_without_wildcards_must_match_whole(anon_client, make_movie):
    exact = make_movie(title="Heat")
    make_movie(title="Heatwave")
    assert ids(anon_client.get(URL, {"title": "heat"})) == [exact.id]


def test_underscore_in_title_matches_one_character(anon_client, make_movie):
    cat = make_movie(title="Cat")
    make_movie(title="Coat")
    assert ids(anon_client.get(URL, {"title": "c_t"})) == [cat.id]


def test_filters_combine_with_and(anon_client, make_movie):
    match = make_movie(genres_=["Drama"], lang="fr", release_date=datetime.date(2019, 1, 1))
    make_movie(genres_=["Drama"], lang="en", release_date=datetime.date(2019, 1, 1))
    make_movie(genres_=["Drama"], lang="fr", release_date=datetime.date(2001, 1, 1))
    query = {"genres": "drama", "languages": "fr", "release_date": "2015-01-01,"}
    assert ids(anon_client.get(URL, query)) == [match.id]


def test_a_filter_that_matches_nothing_is_no_data_found(anon_client, make_movie):
    make_movie(genres_=["Drama"])
    response = anon_client.get(URL, {"genres": "western"})
    assert error(response) == not_found("No data found with the given query")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0&genres=nope", "Invalid page number"),
        ("genres=nope&countries=zz", "[nope] are invalid genres"),
        ("countries=zz&languages=qq", "[zz] are invalid countries"),
        ("languages=qq&release_date=bad", "[qq] are invalid languages"),
        ("release_date=bad&rating=bad", "Release date must be in format YYYY-MM-DD"),
        ("rating=bad&sort=nope", "Invalid rating provided in query"),
    ],
)
def test_parameters_are_validated_in_the_contract_order(
    anon_client, genres, countries, languages, query, message
):
    assert error(anon_client.get(f"{URL}?{query}")) == bad_request(message)


def test_unknown_parameters_are_ignored(anon_client):
    movie = MovieFactory()
    assert ids(anon_client.get(URL, {"colour": "blue", "Genres": "nope"})) == [movie.id]


@pytest.mark.parametrize(
    "poster_url",
    [
        "/api/images/posters/7.svg",
        "/odd path/ü.jpg",
        "//cdn.example.com/x.jpg",
        "/a/../b.jpg",
        "/a/./b.jpg",
        "/x?size=2",
    ],
)
def test_poster_urls_are_made_absolute_like_the_shared_field(anon_client, poster_url):
    movie = MovieFactory(poster_url=poster_url)
    request = APIRequestFactory().get(URL)
    expected = MovieSummarySerializer(
        movie_with_names().get(id=movie.id), context={"request": request}
    ).data["posterUrl"]
    assert anon_client.get(URL).json()["items"][0]["posterUrl"] == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        # NUL characters are refused for every route by reelfake.middleware.
        ("title=%00", "Text values cannot contain NUL characters"),
        ("countries=us%00", "Text values cannot contain NUL characters"),
        ("q=a%00b", "Text values cannot contain NUL characters"),
        ("rating=1e400", "Invalid rating provided in query"),
        ("rating=-1e999,", "Invalid rating provided in query"),
    ],
)
def test_values_the_database_cannot_take_are_a_400(anon_client, countries, query, message):
    MovieFactory()
    assert error(anon_client.get(f"{URL}?{query}")) == bad_request(message)


def test_a_title_pattern_ending_in_a_backslash_matches_it_literally(anon_client):
    slash = MovieFactory(title="Back\\")
    MovieFactory(title="Back")
    assert ids(anon_client.get(URL, {"title": "back\\"})) == [slash.id]
