"""GET /api/actors: shape, pagination, filters, sort and q."""

import datetime

import pytest

from movies import selectors
from tests.factories import ActorFactory
from tests.movies.helpers import bad_request, error, ids, not_found

pytestmark = pytest.mark.django_db

URL = "/api/actors"
D = datetime.date


def test_list_item_has_the_actor_summary_shape(anon_client):
    actor = ActorFactory(
        imdb_id="nm0000206",
        actor_name="Keanu Reeves",
        birthday=D(1964, 9, 2),
        deathday=None,
        place_of_birth="Beirut, Lebanon",
        popularity=45.2,
        profile_picture_url="/api/images/actors/7.svg",
        biography="Not in the summary.",
    )
    response = anon_client.get(URL)
    assert response.status_code == 200
    assert response.json()["items"] == [
        {
            "id": actor.id,
            "imdbId": "nm0000206",
            "actorName": "Keanu Reeves",
            "birthday": "1964-09-02",
            "deathday": None,
            "placeOfBirth": "Beirut, Lebanon",
            "popularity": 45.2,
            "profilePictureUrl": "http://testserver/api/images/actors/7.svg",
        }
    ]


def test_pages_hold_fifty_actors_in_id_order(anon_client):
    actors = ActorFactory.create_batch(75)
    body = anon_client.get(URL, {"page": "2"}).json()
    assert [item["id"] for item in body["items"]] == [a.id for a in actors[50:]]
    assert body["pagination"] == {
        "pageNumber": 2,
        "totalPages": 2,
        "totalItems": 75,
        "itemsPerPage": 50,
        "next": None,
        "prev": "?page=1",
        "first": "?page=first",
        "last": "?page=last",
    }


def test_the_last_page_read_again_after_a_new_actor_holds_it(anon_client):
    # The unfiltered list's pages run SQL kept per process; a late page's depends on the total.
    actors = ActorFactory.create_batch(120)
    anon_client.get(URL, {"page": "3"})
    added = ActorFactory()
    assert ids(anon_client.get(URL, {"page": "3"})) == [a.id for a in actors[100:]] + [added.id]


def test_page_last_is_the_last_page(anon_client):
    actors = ActorFactory.create_batch(60)
    assert ids(anon_client.get(URL, {"page": "last"})) == [a.id for a in actors[50:]]


def test_no_actor_is_no_data_found(anon_client):
    assert error(anon_client.get(URL)) == not_found("No data found with the given query")


def test_a_page_past_the_end_is_page_out_of_range(anon_client):
    ActorFactory()
    assert error(anon_client.get(URL, {"page": "3"})) == not_found("Page out of range")


@pytest.mark.parametrize("page", ["0", "x", "2.0"])
def test_invalid_page_is_rejected(anon_client, page):
    ActorFactory()
    assert error(anon_client.get(URL, {"page": page})) == bad_request("Invalid page number")


def test_name_is_an_ilike_pattern(anon_client):
    ann = ActorFactory(actor_name="Joanne Woodward")
    anna = ActorFactory(actor_name="ANNA Karina")
    ActorFactory(actor_name="Bob Hoskins")
    assert ids(anon_client.get(URL, {"name": "%ann%"})) == [ann.id, anna.id]


def test_name_without_wildcards_is_a_case_insensitive_equality(anon_client):
    keanu = ActorFactory(actor_name="Keanu Reeves")
    ActorFactory(actor_name="Keanu Reeves Jr")
    assert ids(anon_client.get(URL, {"name": "keanu reeves"})) == [keanu.id]


def test_place_of_birth_is_an_ilike_pattern(anon_client):
    perth = ActorFactory(place_of_birth="Perth, Australia")
    ActorFactory(place_of_birth="Paris, France")
    ActorFactory(place_of_birth=None)
    assert ids(anon_client.get(URL, {"place_of_birth": "%AUSTRALIA"})) == [perth.id]


@pytest.fixture
def born():
    return [
        ActorFactory(birthday=D(1950, 1, 1), deathday=D(2000, 1, 1), popularity=1),
        ActorFactory(birthday=D(1970, 6, 15), deathday=None, popularity=5.5),
        ActorFactory(birthday=None, deathday=D(2020, 1, 1), popularity=10),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1970-06-15", [1]),
        ("1940-01-01,1960-01-01", [0]),
        ("1960-01-01,", [1]),
        (",1970-06-15", [0, 1]),
    ],
)
def test_birthday_is_a_date_or_range(anon_client, born, value, expected):
    assert ids(anon_client.get(URL, {"birthday": value})) == [born[i].id for i in expected]


@pytest.mark.parametrize(("value", "expected"), [("2000-01-01", [0]), ("2010-01-01,", [2])])
def test_deathday_is_a_date_or_range(anon_client, born, value, expected):
    assert ids(anon_client.get(URL, {"deathday": value})) == [born[i].id for i in expected]


@pytest.mark.parametrize(("value", "expected"), [("5.5", [1]), ("2,", [1, 2]), (",5.5", [0, 1])])
def test_popularity_is_a_number_or_range(anon_client, born, value, expected):
    assert ids(anon_client.get(URL, {"popularity": value})) == [born[i].id for i in expected]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("birthday=1,2,3", "Invalid birth date provided in query"),
        ("birthday=1980-02-30", "Birth date must be in format YYYY-MM-DD"),
        ("birthday=80-01-01,", "Birth date must be in format YYYY-MM-DD"),
        ("birthday=1980-01-01&birthday=1990-01-01", "Invalid birth date provided in query"),
        ("deathday=a,b,c", "Invalid death date provided in query"),
        ("deathday=2001-04-31", "Death date must be in format YYYY-MM-DD"),
        ("popularity=hot", "Invalid actor popularity provided in query"),
        ("popularity=1,2,3", "Invalid actor popularity provided in query"),
        ("name=a&name=b", "Invalid name provided in query"),
        ("place_of_birth[]=x", "Invalid place of birth provided in query"),
    ],
)
def test_invalid_filters_get_the_intended_messages(anon_client, born, query, message):
    assert error(anon_client.get(f"{URL}?{query}")) == bad_request(message)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0&birthday=bad", "Invalid page number"),
        ("birthday=bad&deathday=bad", "Birth date must be in format YYYY-MM-DD"),
        ("deathday=bad&popularity=bad", "Death date must be in format YYYY-MM-DD"),
        ("popularity=bad&sort=bad", "Invalid actor popularity provided in query"),
    ],
)
def test_actor_parameters_are_validated_in_order(anon_client, born, query, message):
    assert error(anon_client.get(f"{URL}?{query}")) == bad_request(message)


def test_links_carry_the_filters(anon_client):
    ActorFactory.create_batch(51, actor_name="Jennifer Doe")
    pagination = anon_client.get(f"{URL}?name=%25jennifer%25").json()["pagination"]
    assert pagination["next"] == "?page=2&name=%jennifer%"


# sort and q --------------------------------------------------------------------------------


def test_sort_by_birthday_puts_unknown_birthdays_last_both_ways(anon_client, born):
    assert ids(anon_client.get(URL, {"sort": "birthday"})) == [born[0].id, born[1].id, born[2].id]
    assert ids(anon_client.get(URL, {"sort": "-birthday"})) == [born[1].id, born[0].id, born[2].id]


def test_sort_by_popularity_and_name(anon_client):
    b = ActorFactory(actor_name="B", popularity=1)
    a = ActorFactory(actor_name="A", popularity=1)
    c = ActorFactory(actor_name="C", popularity=2)
    assert ids(anon_client.get(URL, {"sort": "-popularity,actorName"})) == [c.id, a.id, b.id]


def test_unknown_actor_sort_field_names_the_allowed_ones(anon_client, born):
    response = anon_client.get(URL, {"sort": "name"})
    assert error(response) == bad_request(
        "[name] are invalid sort fields. Allowed fields: id, actorName, popularity, birthday "
        "(prefix a field with - for descending order)"
    )


def test_q_finds_names_despite_typos_best_match_first(anon_client):
    jennifer = ActorFactory(actor_name="Jennifer Lawrence")
    jenny = ActorFactory(actor_name="Jennifer Lawrence Smith")
    ActorFactory(actor_name="Tom Hanks")
    assert ids(anon_client.get(URL, {"q": "jenifer lawrence"})) == [jennifer.id, jenny.id]


def test_q_with_sort_uses_the_sort(anon_client):
    first = ActorFactory(actor_name="Meryl Streep", popularity=1)
    second = ActorFactory(actor_name="Meryl Streep", popularity=9)
    assert ids(anon_client.get(URL, {"q": "meryl", "sort": "-popularity"})) == [
        second.id,
        first.id,
    ]


def test_q_without_pg_trgm_is_a_substring_match_exact_name_first(anon_client, monkeypatch):
    monkeypatch.setattr(selectors, "trigram_available", lambda: False)
    longer = ActorFactory(actor_name="Anna Maria")
    exact = ActorFactory(actor_name="anna")
    ActorFactory(actor_name="Bob")
    inside = ActorFactory(actor_name="Joanna")
    assert ids(anon_client.get(URL, {"q": "Anna"})) == [exact.id, longer.id, inside.id]


def test_links_carry_sort_and_q(anon_client):
    ActorFactory.create_batch(51, actor_name="Jennifer Doe")
    pagination = anon_client.get(f"{URL}?q=jennifer&sort=-id").json()["pagination"]
    assert pagination["next"] == "?page=2&q=jennifer&sort=-id"


def test_a_name_pattern_that_is_one_backslash_is_not_an_error(anon_client):
    ActorFactory(actor_name="Plain")
    response = anon_client.get(URL, {"name": "\\"})
    assert error(response) == not_found("No data found with the given query")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("popularity=1e999", "Invalid actor popularity provided in query"),
        # NUL characters are refused for every route by reelfake.middleware.
        ("name=a%00", "Text values cannot contain NUL characters"),
        ("place_of_birth=%00", "Text values cannot contain NUL characters"),
    ],
)
def test_actor_values_the_database_cannot_take_are_a_400(anon_client, query, message):
    ActorFactory()
    assert error(anon_client.get(f"{URL}?{query}")) == bad_request(message)
