"""POST /api/movies (store managers; W7, W17)."""

import pytest

from movies.models import Actor, Movie, MovieActor
from tests.factories import ActorFactory, MovieFactory
from tests.movies.helpers import FORBIDDEN, UNAUTHENTICATED, bad_request, error, field_error

pytestmark = pytest.mark.django_db

URL = "/api/movies"


@pytest.fixture
def body(genres, countries, languages):
    return {
        "tmdbId": 442417,
        "imdbId": "tt1234567",
        "title": "The Wizard",
        "originalTitle": "Волшебник",
        "overview": "A young magician.",
        "runtime": 104,
        "releaseDate": "2025-01-01",
        "genres": ["fantasy", "Drama"],
        "countriesOfOrigin": ["ru"],
        "language": "RU",
        "movieStatus": "Released",
        "popularity": 5.5,
        "budget": 1000000,
        "revenue": "2500000",
        "ratingAverage": 7.45,
        "ratingCount": 67,
        "posterUrl": "https://image.tmdb.org/t/p/w500/x.jpg",
        "rentalRate": 4.99,
    }


def post(client, body):
    return client.post(URL, body, format="json")


def created(movie_id: int, **changes) -> dict:
    """The 201 body for the `body` fixture, with `changes`."""
    return {
        "id": movie_id,
        "title": "The Wizard",
        "originalTitle": "Волшебник",
        "overview": "A young magician.",
        "runtime": 104,
        "releaseDate": "2025-01-01",
        "genres": ["Fantasy", "Drama"],
        "countriesOfOrigin": ["RU"],
        "movieStatus": "Released",
        "popularity": 5.5,
        "budget": "1000000",
        "revenue": "2500000",
        "ratingAverage": 7.45,
        "ratingCount": 67,
        "posterUrl": "https://image.tmdb.org/t/p/w500/x.jpg",
        "rentalRate": "4.99",
        "language": "ru",
        **changes,
    }


def test_manager_creates_a_movie_and_gets_its_detail(manager_client, body):
    response = post(manager_client, body)
    assert response.status_code == 201
    movie = Movie.objects.get()
    assert response.json() == {
        "id": movie.id,
        "title": "The Wizard",
        "originalTitle": "Волшебник",
        "overview": "A young magician.",
        "runtime": 104,
        "releaseDate": "2025-01-01",
        "genres": ["Fantasy", "Drama"],
        "countriesOfOrigin": ["RU"],
        "movieStatus": "Released",
        "popularity": 5.5,
        "budget": "1000000",
        "revenue": "2500000",
        "ratingAverage": 7.45,
        "ratingCount": 67,
        "posterUrl": "https://image.tmdb.org/t/p/w500/x.jpg",
        "rentalRate": "4.99",
        "language": "ru",
    }


def test_created_row_stores_ids_for_genres_countries_and_language(
    manager_client, body, genres, countries, languages
):
    post(manager_client, body)
    movie = Movie.objects.get()
    assert movie.genre_ids == [genres["Fantasy"].id, genres["Drama"].id]
    assert movie.origin_country_ids == [countries["RU"].id]
    assert movie.language_id == languages["ru"].id
    assert (movie.tmdb_id, movie.imdb_id) == (442417, "tt1234567")


def test_genre_tokens_and_repeats_are_accepted(manager_client, body, genres):
    body["genres"] = ["SCI_FI", "science fiction", "tv_movie", "War"]
    post(manager_client, body)
    ids = [genres[name].id for name in ("Science Fiction", "TV Movie", "War")]
    assert Movie.objects.get().genre_ids == ids


def test_rental_rate_defaults_to_twenty(manager_client, body):
    del body["rentalRate"]
    assert post(manager_client, body).json()["rentalRate"] == "20.00"


@pytest.mark.parametrize(("overview", "answered"), [(None, None), ("", ""), ("absent", None)])
def test_overview_is_optional(manager_client, body, overview, answered):
    if overview == "absent":
        del body["overview"]
    else:
        body["overview"] = overview
    response = post(manager_client, body)
    assert response.status_code == 201
    assert response.json() == created(Movie.objects.get().id, overview=answered)


def test_other_keys_are_ignored(manager_client, body):
    body.update({"id": 999, "genreIds": [1], "createdAt": "2000-01-01", "rentalDuration": 3})
    response = post(manager_client, body)
    assert response.status_code == 201
    assert response.json()["id"] != 999


def test_anonymous_caller_cannot_create_a_movie(anon_client, body):
    response = post(anon_client, body)
    assert error(response) == UNAUTHENTICATED
    assert not Movie.objects.exists()


@pytest.mark.parametrize("client_name", ["customer_client", "staff_client"])
def test_customers_and_staff_cannot_create_a_movie(request, body, client_name):
    response = post(request.getfixturevalue(client_name), body)
    assert error(response) == FORBIDDEN
    assert not Movie.objects.exists()


# Validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("tmdbId", "Movie.tmdbId cannot be null"),
        ("title", "Movie.title cannot be null"),
        ("originalTitle", "Movie.originalTitle cannot be null"),
        ("releaseDate", "Movie.releaseDate cannot be null"),
        ("genres", "Movie.genres cannot be null"),
        ("countriesOfOrigin", "Movie.countriesOfOrigin cannot be null"),
        ("language", "Movie.languageId cannot be null"),
        ("movieStatus", "Movie.movieStatus cannot be null"),
        ("popularity", "Movie.popularity cannot be null"),
        ("budget", "Movie.budget cannot be null"),
        ("revenue", "Movie.revenue cannot be null"),
        ("ratingAverage", "Movie.ratingAverage cannot be null"),
        ("ratingCount", "Movie.ratingCount cannot be null"),
    ],
)
def test_a_missing_required_field_is_named(manager_client, body, field, message):
    del body[field]
    assert error(post(manager_client, body)) == field_error(field, message)
    assert not Movie.objects.exists()


def test_null_required_field_is_like_a_missing_one(manager_client, body):
    body["title"] = None
    assert error(post(manager_client, body)) == field_error("title", "Movie.title cannot be null")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tmdbId", "abc", "The tmdb_id is not a number"),
        ("tmdbId", True, "The tmdb_id is not a number"),
        ("title", "  ", "Validation notEmpty on title failed"),
        ("originalTitle", "", "Validation notEmpty on originalTitle failed"),
        ("title", "x" * 256, "Validation len on title failed"),
        ("runtime", "long", "The runtime is not a number"),
        ("runtime", 90.5, "The runtime is not a number"),
        ("releaseDate", "2021-02-30", "Validation isDate on releaseDate failed"),
        ("releaseDate", "01/01/2025", "Validation isDate on releaseDate failed"),
        ("genres", ["action", "nope"], "The given genres are invalid"),
        ("genres", "action", "The given genres are invalid"),
        ("genres", [1], "The given genres are invalid"),
        ("countriesOfOrigin", ["zz"], "The given countries are invalid"),
        ("countriesOfOrigin", "ru", "The given countries are invalid"),
        ("language", "qq", "Movie.languageId cannot be null"),
        ("language", 5, "Movie.languageId cannot be null"),
        ("ratingAverage", 11, "Validation max on ratingAverage failed"),
        ("ratingAverage", -1, "Validation min on ratingAverage failed"),
        ("ratingAverage", "high", "Validation isNumeric on ratingAverage failed"),
        ("budget", "lots", "Validation isNumeric on budget failed"),
        ("revenue", 1.5, "Validation isNumeric on revenue failed"),
        ("ratingCount", "many", "Validation isNumeric on ratingCount failed"),
        ("popularity", "x", "Validation isNumeric on popularity failed"),
        ("popularity", True, "Validation isNumeric on popularity failed"),
        ("ratingAverage", False, "Validation isNumeric on ratingAverage failed"),
        ("rentalRate", True, "Validation isNumeric on rentalRate failed"),
        ("rentalRate", 100, "Validation max on rentalRate failed"),
        ("posterUrl", "not a url", "URL must be a valid URL or empty."),
        ("posterUrl", "ftp://example.com/x.jpg", "URL must be a valid URL or empty."),
        ("imdbId", "t" * 61, "Validation len on imdbId failed"),
    ],
)
def test_an_invalid_field_gets_the_contract_message(manager_client, body, field, value, message):
    body[field] = value
    assert error(post(manager_client, body)) == field_error(field, message)
    assert not Movie.objects.exists()


def test_all_field_errors_are_joined_by_newlines_in_field_order(manager_client, body):
    body.update({"tmdbId": "x", "title": "", "ratingAverage": 12})
    del body["language"]
    response = post(manager_client, body)
    assert response.status_code == 400
    assert response.json()["message"] == (
        "The tmdb_id is not a number\n"
        "Validation notEmpty on title failed\n"
        "Movie.languageId cannot be null\n"
        "Validation max on ratingAverage failed"
    )


def test_an_empty_poster_url_is_accepted(manager_client, body):
    body["posterUrl"] = ""
    assert post(manager_client, body).json()["posterUrl"] == ""


def test_a_numeric_string_budget_is_accepted(manager_client, body):
    body["budget"] = "123456789012"
    assert post(manager_client, body).json()["budget"] == "123456789012"


def test_malformed_json_is_a_400(manager_client):
    response = manager_client.post(URL, "{nope", content_type="application/json")
    assert error(response) == bad_request("Malformed JSON in request body")


def test_a_body_that_is_not_json_reads_as_empty(manager_client, body):
    response = manager_client.post(URL, "tmdbId=1", content_type="text/plain")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Movie.tmdbId cannot be null\n")


def test_same_title_and_overview_as_another_movie_is_rejected(manager_client, body):
    MovieFactory(title="THE WIZARD", overview="A young magician.")
    response = post(manager_client, body)
    assert error(response) == bad_request("Movie with the same title and overview already exist")
    assert Movie.objects.count() == 1


def test_same_title_with_another_overview_is_a_new_movie(manager_client, body):
    MovieFactory(title="The Wizard", overview="Another story.")
    response = post(manager_client, body)
    assert response.status_code == 201
    assert response.json() == created(Movie.objects.get(overview="A young magician.").id)


def test_a_tmdb_id_in_use_is_rejected(manager_client, body):
    MovieFactory(tmdb_id=442417)
    assert error(post(manager_client, body)) == bad_request("tmdb_id must be unique")


def test_tmdb_and_imdb_ids_in_use_are_both_reported(manager_client, body):
    MovieFactory(tmdb_id=442417)
    MovieFactory(imdb_id="tt1234567")
    assert error(post(manager_client, body)) == bad_request(
        "tmdb_id must be unique\nimdb_id must be unique"
    )


def test_an_empty_imdb_id_is_stored_as_null(manager_client, body):
    MovieFactory(imdb_id=None)
    body["imdbId"] = ""
    post(manager_client, body)
    assert Movie.objects.filter(imdb_id__isnull=True).count() == 2


# actors (W17) ------------------------------------------------------------------------------


def test_actors_are_created_reused_by_tmdb_id_and_linked(manager_client, body):
    known = ActorFactory(tmdb_id=42, actor_name="Known Actor")
    body["actors"] = [
        {"tmdbId": 7, "actorName": "New Actor", "characterName": "Hero", "castOrder": 1},
        {"tmdbId": 42, "characterName": "Mentor", "castOrder": 0},
    ]
    response = post(manager_client, body)
    assert response.status_code == 201
    new = Actor.objects.get(tmdb_id=7)
    assert response.json()["actors"] == [
        {
            "id": known.id,
            "actorName": "Known Actor",
            "characterName": "Mentor",
            "castOrder": 0,
            "profilePictureUrl": None,
        },
        {
            "id": new.id,
            "actorName": "New Actor",
            "characterName": "Hero",
            "castOrder": 1,
            "profilePictureUrl": None,
        },
    ]
    assert Actor.objects.count() == 2
    assert Actor.objects.get(id=known.id).actor_name == "Known Actor"


def test_new_actors_keep_every_field_sent(manager_client, body):
    body["actors"] = [
        {
            "tmdbId": 7,
            "imdbId": "nm7",
            "actorName": "New Actor",
            "biography": "Bio.",
            "birthday": "1980-02-29",
            "deathday": None,
            "placeOfBirth": "Perth",
            "popularity": 3.5,
            "profilePictureUrl": "https://example.com/p.jpg",
        }
    ]
    post(manager_client, body)
    actor = Actor.objects.values().get()
    assert (actor["imdb_id"], actor["biography"], str(actor["birthday"])) == (
        "nm7",
        "Bio.",
        "1980-02-29",
    )
    assert (actor["place_of_birth"], actor["popularity"]) == ("Perth", 3.5)
    assert actor["profile_picture_url"] == "https://example.com/p.jpg"


def test_cast_order_defaults_to_the_position_in_the_list(manager_client, body):
    body["actors"] = [
        {"tmdbId": 1, "actorName": "First"},
        {"tmdbId": 2, "actorName": "Second"},
    ]
    post(manager_client, body)
    assert list(MovieActor.objects.values_list("actor__actor_name", "cast_order")) == [
        ("First", 0),
        ("Second", 1),
    ]


def test_an_actor_listed_twice_is_linked_once(manager_client, body):
    body["actors"] = [
        {"tmdbId": 1, "actorName": "Twice", "characterName": "A"},
        {"tmdbId": 1, "actorName": "Twice", "characterName": "B"},
    ]
    assert post(manager_client, body).status_code == 201
    assert list(MovieActor.objects.values_list("character_name", flat=True)) == ["A"]


@pytest.mark.parametrize("actors", [None, []])
def test_no_actors_means_no_actors_key(manager_client, body, actors):
    body["actors"] = actors
    assert "actors" not in post(manager_client, body).json()


def test_a_failing_actor_rolls_back_the_movie_and_the_other_actors(manager_client, body):
    body["actors"] = [
        {"tmdbId": 1, "actorName": "Fine"},
        {"tmdbId": 2, "characterName": "Nameless"},
    ]
    response = post(manager_client, body)
    assert error(response) == bad_request("Actor.actorName cannot be null")
    assert (Movie.objects.count(), Actor.objects.count(), MovieActor.objects.count()) == (0, 0, 0)


def test_an_actor_whose_imdb_id_belongs_to_another_actor_rolls_back(manager_client, body):
    ActorFactory(tmdb_id=99, imdb_id="nm1")
    body["actors"] = [{"tmdbId": 1, "imdbId": "nm1", "actorName": "Clash"}]
    assert error(post(manager_client, body)) == bad_request("imdb_id must be unique")
    assert (Movie.objects.count(), Actor.objects.count()) == (0, 1)


def test_an_invalid_actor_field_is_reported(manager_client, body):
    body["actors"] = [{"tmdbId": 1, "actorName": "Bad date", "birthday": "1980-13-01"}]
    response = post(manager_client, body)
    assert error(response) == bad_request(
        "Validation isDate on birthday failed",
        {"actors": {"0": {"birthday": ["Validation isDate on birthday failed"]}}},
    )
    assert not Movie.objects.exists()


def test_actors_that_are_not_a_list_are_rejected(manager_client, body):
    body["actors"] = {"tmdbId": 1}
    assert error(post(manager_client, body)) == bad_request(
        "The given actors are invalid",
        {"actors": {"non_field_errors": ["The given actors are invalid"]}},
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("countriesOfOrigin", ["r\x00"]), ("language", "r\x00"), ("title", "a\x00b")],
)
def test_nul_characters_in_the_body_are_a_400(manager_client, body, field, value):
    body[field] = value
    response = post(manager_client, body)
    assert error(response) == bad_request("Text values cannot contain NUL characters")
    assert not Movie.objects.filter(tmdb_id=body["tmdbId"]).exists()
