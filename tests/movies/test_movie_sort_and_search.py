"""GET /api/movies with `sort=` and `q=` (beyond the reference)."""

import datetime

import pytest
from django.db import connection

from movies import selectors
from tests.factories import MovieFactory
from tests.movies.helpers import bad_request, error, ids, not_found

pytestmark = pytest.mark.django_db

URL = "/api/movies"
NO_TRIGRAM = selectors.SearchSupport(trigram=False, overview_fulltext=False)
MOVIE_SORT_FIELDS = "id, title, releaseDate, popularity, ratingAverage, ratingCount, runtime"


@pytest.fixture
def trio():
    return [
        MovieFactory(title="Beta", popularity=5, runtime=90, rating_count=10),
        MovieFactory(title="alpha", popularity=9, runtime=120, rating_count=30),
        MovieFactory(title="Gamma", popularity=5, runtime=100, rating_count=20),
    ]


def test_default_order_is_ascending_id(anon_client, trio):
    assert ids(anon_client.get(URL)) == [m.id for m in trio]


def test_sort_by_descending_popularity_breaks_ties_by_id(anon_client, trio):
    beta, alpha, gamma = trio
    assert ids(anon_client.get(URL, {"sort": "-popularity"})) == [alpha.id, beta.id, gamma.id]


def test_sort_by_several_fields(anon_client, trio):
    beta, alpha, gamma = trio
    response = anon_client.get(URL, {"sort": "popularity,-runtime"})
    assert ids(response) == [gamma.id, beta.id, alpha.id]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("runtime", [0, 2, 1]), ("-ratingCount", [1, 2, 0]), ("-id", [2, 1, 0])],
)
def test_sort_fields_use_wire_names(anon_client, trio, sort, expected):
    assert ids(anon_client.get(URL, {"sort": sort})) == [trio[i].id for i in expected]


def test_sort_by_release_date_and_rating(anon_client):
    old = MovieFactory(release_date=datetime.date(1990, 1, 1), rating_average="9.00")
    new = MovieFactory(release_date=datetime.date(2020, 1, 1), rating_average="6.00")
    assert ids(anon_client.get(URL, {"sort": "-releaseDate"})) == [new.id, old.id]
    assert ids(anon_client.get(URL, {"sort": "ratingAverage"})) == [new.id, old.id]


def test_unknown_sort_fields_are_named_with_the_allowed_ones(anon_client, trio):
    response = anon_client.get(URL, {"sort": "title,-budget,colour"})
    assert error(response) == bad_request(
        f"[-budget,colour] are invalid sort fields. Allowed fields: {MOVIE_SORT_FIELDS} "
        "(prefix a field with - for descending order)"
    )


def test_sort_field_names_are_case_sensitive(anon_client, trio):
    response = anon_client.get(URL, {"sort": "Title"})
    assert error(response) == bad_request(
        f"[Title] are invalid sort fields. Allowed fields: {MOVIE_SORT_FIELDS} "
        "(prefix a field with - for descending order)"
    )


def test_repeated_sort_is_invalid(anon_client, trio):
    response = anon_client.get(f"{URL}?sort=title&sort=id")
    assert error(response) == bad_request("Invalid sort provided in query")


def test_sort_pages_continue_in_sort_order(anon_client):
    movies = [MovieFactory(popularity=i) for i in range(60)]
    second = anon_client.get(URL, {"sort": "-popularity", "page": "2"}).json()
    assert [item["id"] for item in second["items"]] == [m.id for m in movies[9::-1]]


def test_pagination_links_carry_the_sort(anon_client):
    MovieFactory.create_batch(51)
    pagination = anon_client.get(f"{URL}?sort=-popularity").json()["pagination"]
    assert pagination["next"] == "?page=2&sort=-popularity"
    assert pagination["last"] == "?page=last&sort=-popularity"


def test_sort_combines_with_filters(anon_client, make_movie):
    low = make_movie(genres_=["Drama"], popularity=1)
    high = make_movie(genres_=["Drama"], popularity=2)
    make_movie(genres_=["Comedy"], popularity=3)
    assert ids(anon_client.get(URL, {"genres": "drama", "sort": "-popularity"})) == [
        high.id,
        low.id,
    ]


# q -------------------------------------------------------------------------------------------


@pytest.fixture
def films():
    return {
        "godfather": MovieFactory(title="The Godfather", overview="A mafia family saga."),
        "part2": MovieFactory(title="The Godfather Part II", overview="The saga goes on."),
        "heat": MovieFactory(title="Heat", overview="A thief and a detective in Los Angeles."),
        "amelie": MovieFactory(
            title="Amélie", original_title="Le Fabuleux Destin d'Amélie Poulain", overview=None
        ),
        "sea": MovieFactory(title="Blue", overview="A lighthouse keeper alone with the ocean."),
    }


def test_q_tolerates_typos_and_ranks_the_closest_title_first(anon_client, films):
    response = anon_client.get(URL, {"q": "godfater"})
    assert ids(response) == [films["godfather"].id, films["part2"].id]


def test_q_finds_the_original_title(anon_client, films):
    assert ids(anon_client.get(URL, {"q": "fabuleux destin"})) == [films["amelie"].id]


def test_q_finds_words_of_the_overview(anon_client, films):
    assert ids(anon_client.get(URL, {"q": "lighthouse"})) == [films["sea"].id]


def test_q_with_a_sort_uses_the_sort(anon_client, films):
    response = anon_client.get(URL, {"q": "godfather", "sort": "-id"})
    assert ids(response) == [films["part2"].id, films["godfather"].id]


def test_q_combines_with_filters(anon_client, films):
    response = anon_client.get(URL, {"q": "godfather", "title": "%part%"})
    assert ids(response) == [films["part2"].id]


def test_q_without_match_is_no_data_found(anon_client, films):
    response = anon_client.get(URL, {"q": "zzzzqqqq"})
    assert error(response) == not_found("No data found with the given query")


def test_blank_q_is_ignored(anon_client, films):
    assert len(ids(anon_client.get(URL, {"q": "   "}))) == 5


def test_q_longer_than_100_characters_is_rejected(anon_client, films):
    response = anon_client.get(URL, {"q": "a" * 101})
    assert error(response) == bad_request("Search query q must be at most 100 characters long")


def test_pagination_links_carry_q(anon_client):
    for n in range(51):
        MovieFactory(title=f"Godfather {n}")
    pagination = anon_client.get(f"{URL}?q=godfather").json()["pagination"]
    assert pagination["next"] == "?page=2&q=godfather"


def test_without_pg_trgm_q_is_a_substring_match_exact_title_first(anon_client, films, monkeypatch):
    monkeypatch.setattr(selectors, "search_support", lambda: NO_TRIGRAM)
    extra = MovieFactory(title="Heat", overview="Another Heat.")
    both = MovieFactory(title="Heatwave")
    assert ids(anon_client.get(URL, {"q": "heat"})) == [films["heat"].id, extra.id, both.id]


def test_without_pg_trgm_q_treats_wildcards_as_text(anon_client, films, monkeypatch):
    monkeypatch.setattr(selectors, "search_support", lambda: NO_TRIGRAM)
    percent = MovieFactory(title="100% Wolf")
    assert ids(anon_client.get(URL, {"q": "0% w"})) == [percent.id]
    assert anon_client.get(URL, {"q": "%"}).json()["items"][0]["id"] == percent.id


def test_trigram_detection_follows_the_database(db):
    assert selectors.trigram_available() is True
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION pg_trgm CASCADE")  # rolled back with the test
    assert selectors.trigram_available() is False


def test_q_works_when_pg_trgm_is_missing(anon_client, films):
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION pg_trgm CASCADE")  # rolled back with the test
    assert ids(anon_client.get(URL, {"q": "lighthouse"})) == [films["sea"].id]


def drop_overview_fulltext_index():
    """schema.sql creates the index; a database without it (an existing reelfake one)."""
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute(f"DROP INDEX {selectors.OVERVIEW_FULLTEXT_INDEX}")


def test_search_support_reports_the_overview_index(db):
    assert selectors.search_support() == selectors.SearchSupport(
        trigram=True, overview_fulltext=True
    )
    drop_overview_fulltext_index()
    assert selectors.search_support().overview_fulltext is False


def test_with_the_full_text_index_overview_words_match_by_stem(anon_client, films):
    assert ids(anon_client.get(URL, {"q": "lighthouses"})) == [films["sea"].id]


def test_without_the_full_text_index_overviews_match_as_substrings(anon_client, films):
    drop_overview_fulltext_index()
    assert ids(anon_client.get(URL, {"q": "ighthous"})) == [films["sea"].id]
    response = anon_client.get(URL, {"q": "lighthouses"})
    assert error(response) == not_found("No data found with the given query")


def test_title_matches_rank_above_overview_matches(anon_client):
    first_overview = MovieFactory(title="Sea", overview="A storm hits the harbour.")
    second_overview = MovieFactory(title="Land", overview="The storm passes.")
    by_title = MovieFactory(title="Storm", overview="Nothing here.")
    found = ids(anon_client.get(URL, {"q": "storm"}))
    assert found[0] == by_title.id
    assert sorted(found[1:]) == [first_overview.id, second_overview.id]
