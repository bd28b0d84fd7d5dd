"""Row validation (uploads/validation.py): every reason string a row can get, the cell →
column mapping, and the duplicate checks."""

import datetime
from decimal import Decimal

import pytest

from tests.uploads.conftest import country_id, existing_movie, genre_id, language_id, movie_row
from uploads.csvfile import Record
from uploads.validation import RowChecker, lookups_load, row_validate

pytestmark = pytest.mark.django_db


def validate(**cells):
    return row_validate(Record(1, movie_row(**cells), 18), lookups_load())


REASON_CASES = [
    pytest.param(
        {"tmdb_id": "should_be_number"},
        "(tmdbId: should_be_number) The tmdb_id is not a number",
        id="tmdb_id_not_a_number",
    ),
    pytest.param({"tmdb_id": ""}, "(tmdbId: ) The tmdb_id is not a number", id="tmdb_id_empty"),
    pytest.param(
        {"tmdb_id": "1.5"}, "(tmdbId: 1.5) The tmdb_id is not a number", id="tmdb_id_decimal"
    ),
    pytest.param(
        {"tmdb_id": "0"}, "(tmdbId: 0) Validation min on tmdbId failed", id="tmdb_id_zero"
    ),
    pytest.param(
        {"tmdb_id": "9223372036854775808"},
        "(tmdbId: 9223372036854775808) Validation max on tmdbId failed",
        id="tmdb_id_over_bigint",
    ),
    pytest.param(
        {"imdb_id": "t" * 61},
        f"(imdbId: {'t' * 61}) Validation len on imdbId failed",
        id="imdb_id_too_long",
    ),
    pytest.param({"title": ""}, "(title: ) Validation notEmpty on title failed", id="title_empty"),
    pytest.param(
        {"title": "   "}, "(title:    ) Validation notEmpty on title failed", id="title_blank"
    ),
    pytest.param(
        {"title": "x" * 256},
        f"(title: {'x' * 256}) Validation len on title failed",
        id="title_too_long",
    ),
    pytest.param(
        {"original_title": ""},
        "(originalTitle: ) Validation notEmpty on originalTitle failed",
        id="original_title_empty",
    ),
    pytest.param(
        {"original_title": "y" * 256},
        f"(originalTitle: {'y' * 256}) Validation len on originalTitle failed",
        id="original_title_too_long",
    ),
    pytest.param(
        {"runtime": "abc"}, "(runtime: abc) The runtime is not a number", id="runtime_not_a_number"
    ),
    pytest.param(
        {"runtime": "-1"}, "(runtime: -1) Validation min on runtime failed", id="runtime_negative"
    ),
    pytest.param(
        {"runtime": "2147483648"},
        "(runtime: 2147483648) Validation max on runtime failed",
        id="runtime_over_integer",
    ),
    pytest.param(
        {"release_date": "someday"},
        "(release_date: someday) Expecting a date in format YYYY-MM-DD",
        id="release_date_unparseable",
    ),
    pytest.param(
        {"release_date": "2021-02-30"},
        "(release_date: 2021-02-30) Expecting a date in format YYYY-MM-DD",
        id="release_date_impossible",
    ),
    pytest.param(
        {"release_date": ""},
        "(release_date: ) Expecting a date in format YYYY-MM-DD",
        id="release_date_empty",
    ),
    pytest.param(
        {"genres": "['adventure','fantasy','unknown_genre']"},
        "(genres: ['adventure','fantasy','unknown_genre']) The given genres are invalid",
        id="genres_unknown_token",
    ),
    pytest.param(
        {"genres": "drama"}, "(genres: drama) The given genres are invalid", id="genres_not_a_list"
    ),
    pytest.param(
        {"genres": "[drama]"},
        "(genres: [drama]) The given genres are invalid",
        id="genres_unquoted_items",
    ),
    pytest.param({"genres": ""}, "(genres: ) The given genres are invalid", id="genres_empty_cell"),
    pytest.param(
        {"countries_of_origin": "['mx','zz']"},
        "(countries_of_origin: ['mx','zz']) The given countries are invalid",
        id="countries_unknown_code",
    ),
    pytest.param(
        {"countries_of_origin": "['mx'"},
        "(countries_of_origin: ['mx') The given countries are invalid",
        id="countries_broken_list",
    ),
    pytest.param(
        {"language": "qq"},
        "(languageId: NaN) Validation isIn on languageId failed",
        id="language_unknown",
    ),
    pytest.param(
        {"language": ""},
        "(languageId: NaN) Validation isIn on languageId failed",
        id="language_empty",
    ),
    pytest.param(
        {"movie_status": ""},
        "(movieStatus: ) Validation notEmpty on movieStatus failed",
        id="movie_status_empty",
    ),
    pytest.param(
        {"movie_status": "s" * 21},
        f"(movieStatus: {'s' * 21}) Validation len on movieStatus failed",
        id="movie_status_too_long",
    ),
    pytest.param(
        {"popularity": "high"},
        "(popularity: high) Validation isNumeric on popularity failed",
        id="popularity_not_numeric",
    ),
    pytest.param(
        {"popularity": "-0.5"},
        "(popularity: -0.5) Validation min on popularity failed",
        id="popularity_negative",
    ),
    pytest.param(
        {"budget": "lots"},
        "(budget: lots) Validation isNumeric on budget failed",
        id="budget_not_numeric",
    ),
    pytest.param(
        {"budget": "10.5"},
        "(budget: 10.5) Validation isNumeric on budget failed",
        id="budget_decimal",
    ),
    pytest.param(
        {"budget": "-1"}, "(budget: -1) Validation min on budget failed", id="budget_negative"
    ),
    pytest.param(
        {"revenue": "x"},
        "(revenue: x) Validation isNumeric on revenue failed",
        id="revenue_not_numeric",
    ),
    pytest.param(
        {"revenue": "9223372036854775808"},
        "(revenue: 9223372036854775808) Validation max on revenue failed",
        id="revenue_over_bigint",
    ),
    pytest.param(
        {"rating_average": "11"},
        "(ratingAverage: 11) Validation max on ratingAverage failed",
        id="rating_average_over_ten",
    ),
    pytest.param(
        {"rating_average": "10.005"},
        "(ratingAverage: 10.005) Validation max on ratingAverage failed",
        id="rating_average_rounds_over_ten",
    ),
    pytest.param(
        {"rating_average": "-1"},
        "(ratingAverage: -1) Validation min on ratingAverage failed",
        id="rating_average_negative",
    ),
    pytest.param(
        {"rating_average": "good"},
        "(ratingAverage: good) Validation isNumeric on ratingAverage failed",
        id="rating_average_not_numeric",
    ),
    pytest.param(
        {"rating_count": "many"},
        "(ratingCount: many) Validation isNumeric on ratingCount failed",
        id="rating_count_not_numeric",
    ),
    pytest.param(
        {"rating_count": "-3"},
        "(ratingCount: -3) Validation min on ratingCount failed",
        id="rating_count_negative",
    ),
    pytest.param(
        {"rating_count": "2147483648"},
        "(ratingCount: 2147483648) Validation max on ratingCount failed",
        id="rating_count_over_integer",
    ),
    pytest.param(
        {"poster_url": "not a url"},
        "(posterUrl: not a url) URL must be a valid URL or empty.",
        id="poster_url_invalid",
    ),
    pytest.param(
        {"poster_url": "image.tmdb.org/x.jpg"},
        "(posterUrl: image.tmdb.org/x.jpg) URL must be a valid URL or empty.",
        id="poster_url_without_scheme",
    ),
    pytest.param(
        {"poster_url": "https://example.com/" + "p" * 240},
        f"(posterUrl: https://example.com/{'p' * 240}) Validation len on posterUrl failed",
        id="poster_url_too_long",
    ),
    pytest.param(
        {"rental_rate": "cheap"},
        "(rentalRate: cheap) Validation isNumeric on rentalRate failed",
        id="rental_rate_not_numeric",
    ),
    pytest.param(
        {"rental_rate": "100"},
        "(rentalRate: 100) Validation max on rentalRate failed",
        id="rental_rate_over_numeric_4_2",
    ),
    pytest.param(
        {"rental_rate": "99.995"},
        "(rentalRate: 99.995) Validation max on rentalRate failed",
        id="rental_rate_rounds_over_numeric_4_2",
    ),
    pytest.param(
        {"rental_rate": "-2"},
        "(rentalRate: -2) Validation min on rentalRate failed",
        id="rental_rate_negative",
    ),
]


# Digits of other scripts, which int(), Decimal() and float() read as numbers ("٣" is 3):
# CSV numbers and dates are ASCII digits only (docs/security.md "Numbers"; issue 13 item 16).
NON_ASCII_CASES = [
    pytest.param(
        {"tmdb_id": "\u0663"},
        "(tmdbId: \u0663) The tmdb_id is not a number",
        id="tmdb_id_arabic_indic",
    ),
    pytest.param(
        {"runtime": "\uff19\uff10"},
        "(runtime: \uff19\uff10) The runtime is not a number",
        id="runtime_fullwidth",
    ),
    pytest.param(
        {"release_date": "\u0662\u0660\u0662\u0660-01-02"},
        "(release_date: \u0662\u0660\u0662\u0660-01-02) Expecting a date in format YYYY-MM-DD",
        id="release_date_arabic_indic_year",
    ),
    pytest.param(
        {"popularity": "\u0663.\u0665"},
        "(popularity: \u0663.\u0665) Validation isNumeric on popularity failed",
        id="popularity_arabic_indic",
    ),
    pytest.param(
        {"budget": "\u096d"},
        "(budget: \u096d) Validation isNumeric on budget failed",
        id="budget_devanagari",
    ),
    pytest.param(
        {"rating_average": "\u0667"},
        "(ratingAverage: \u0667) Validation isNumeric on ratingAverage failed",
        id="rating_average_arabic_indic",
    ),
    pytest.param(
        {"rating_count": "\uff13"},
        "(ratingCount: \uff13) Validation isNumeric on ratingCount failed",
        id="rating_count_fullwidth",
    ),
]


@pytest.mark.parametrize(("cells", "reason"), REASON_CASES + NON_ASCII_CASES)
def test_invalid_cell_gives_the_contract_reason(reference_data, cells, reason):
    result = validate(**cells)
    assert (result.ok, result.reasons) == (False, [reason])


def test_reasons_are_listed_in_column_order(reference_data):
    result = validate(tmdb_id="x", title="", language="qq", rating_average="11")
    assert result.reasons == [
        "(tmdbId: x) The tmdb_id is not a number",
        "(title: ) Validation notEmpty on title failed",
        "(languageId: NaN) Validation isIn on languageId failed",
        "(ratingAverage: 11) Validation max on ratingAverage failed",
    ]


def test_row_with_missing_cells_is_a_row_error(reference_data):
    result = row_validate(Record(4, None, 17), lookups_load())
    assert (result.row_number, result.ok, result.reasons) == (
        4,
        False,
        ["The row has 17 cells instead of 18"],
    )


def test_valid_row_maps_cells_to_movie_columns(reference_data):
    result = validate()
    assert result.ok
    assert result.values == {
        "tmdb_id": 658224,
        "imdb_id": "tt24218194",
        "title": "The Wizard of the Emerald City, Part I",
        "original_title": "Volshebnik Izumrudnogo Goroda",
        "overview": "Ellie lives in a distant city.",
        "runtime": 104,
        "release_date": datetime.date(2025, 1, 1),
        "genre_ids": [genre_id("Drama"), genre_id("Fantasy")],
        "origin_country_ids": [country_id("ru")],
        "language_id": language_id("ru"),
        "movie_status": "Released",
        "popularity": 5.0,
        "budget": 9100000,
        "revenue": 41418925,
        "rating_average": Decimal("7.45"),
        "rating_count": 67,
        "poster_url": "https://image.tmdb.org/t/p/w500/f3aj5s4rOqjMrtYKoNfRy9uJy5p.jpg",
        "rental_rate": Decimal("20.00"),
    }


@pytest.mark.parametrize("token", ["science fiction", "science_fiction", "sci_fi", "Sci_Fi"])
def test_every_science_fiction_spelling_is_the_science_fiction_genre(reference_data, token):
    assert validate(genres=f"['{token}']").values["genre_ids"] == [genre_id("Science Fiction")]


def test_genre_tokens_country_and_language_codes_ignore_case(reference_data):
    values = validate(genres='["DRAMA", "Tv_Movie"]', countries_of_origin="['Ru','US']").values
    assert values["genre_ids"] == [genre_id("Drama"), genre_id("TV Movie")]
    assert values["origin_country_ids"] == [country_id("ru"), country_id("us")]
    assert validate(language="RU").values["language_id"] == language_id("ru")


def test_empty_lists_mean_no_genres_and_no_countries(reference_data):
    values = validate(genres="[]", countries_of_origin="[ ]").values
    assert (values["genre_ids"], values["origin_country_ids"]) == ([], [])


def test_empty_optional_cells_take_the_defaults(reference_data):
    values = validate(imdb_id="", runtime="", rental_rate="", poster_url="", overview="").values
    assert (values["imdb_id"], values["runtime"], values["rental_rate"]) == (
        None,
        0,
        Decimal("20.00"),
    )
    assert (values["poster_url"], values["overview"]) == ("", "")


def test_us_style_dates_are_accepted(reference_data):
    assert validate(release_date="01/13/2025").values["release_date"] == datetime.date(2025, 1, 13)


def test_decimals_are_rounded_to_cents_as_the_database_stores_them(reference_data):
    values = validate(rating_average="7.456", rental_rate="99.994").values
    assert (values["rating_average"], values["rental_rate"]) == (
        Decimal("7.46"),
        Decimal("99.99"),
    )


def test_genre_named_in_the_vocabulary_but_missing_from_the_table_is_invalid(reference_data):
    from movies.models import Genre

    Genre.objects.filter(genre_name="Western").delete()
    assert validate(genres="['western']").reasons == [
        "(genres: ['western']) The given genres are invalid"
    ]


def test_tmdb_id_in_the_database_is_reported_after_field_validation(reference_data):
    existing_movie(tmdb_id=658224, imdb_id="tt1")
    [result] = RowChecker(lookups_load()).check([Record(1, movie_row(), 18)])
    assert result.reasons == ["The tmdb_id 658224 already exist"]


def test_imdb_id_in_the_database_is_reported(reference_data):
    existing_movie(tmdb_id=1, imdb_id="tt24218194")
    [result] = RowChecker(lookups_load()).check([Record(1, movie_row(), 18)])
    assert result.reasons == ["The imdb_id tt24218194 already exist"]


def test_both_taken_ids_are_reported(reference_data):
    existing_movie(tmdb_id=658224, imdb_id="tt24218194")
    [result] = RowChecker(lookups_load()).check([Record(1, movie_row(), 18)])
    assert result.reasons == [
        "The tmdb_id 658224 already exist",
        "The imdb_id tt24218194 already exist",
    ]


def test_duplicates_are_not_checked_when_a_field_is_invalid(reference_data):
    existing_movie(tmdb_id=658224)
    [result] = RowChecker(lookups_load()).check([Record(1, movie_row(title=""), 18)])
    assert result.reasons == ["(title: ) Validation notEmpty on title failed"]


def test_an_id_repeated_later_in_the_file_is_reported_as_taken(reference_data):
    checker = RowChecker(lookups_load())
    first, second = checker.check(
        [Record(1, movie_row(), 18), Record(2, movie_row(imdb_id="tt2", title="Other"), 18)]
    )
    assert first.ok
    assert second.reasons == ["The tmdb_id 658224 already exist"]


def test_an_id_repeated_in_a_later_batch_is_reported_as_taken(reference_data):
    checker = RowChecker(lookups_load())
    checker.check([Record(1, movie_row(), 18)])
    [later] = checker.check([Record(2, movie_row(tmdb_id="5", title="Other"), 18)])
    assert later.reasons == ["The imdb_id tt24218194 already exist"]


MSG_SAME_MOVIE = "Movie with the same title and overview already exist"


def test_a_title_and_overview_in_the_database_is_reported_with_post_movies_message(
    reference_data,
):
    row = movie_row()
    existing_movie(tmdb_id=1, imdb_id="tt1", title=row["title"].upper(), overview=row["overview"])
    [result] = RowChecker(lookups_load()).check([Record(1, movie_row(), 18)])
    assert result.reasons == [MSG_SAME_MOVIE]


def test_a_title_duplicate_is_reported_before_the_taken_ids(reference_data):
    row = movie_row()
    existing_movie(tmdb_id=658224, imdb_id="tt1", title=row["title"], overview=row["overview"])
    [result] = RowChecker(lookups_load()).check([Record(1, movie_row(), 18)])
    assert result.reasons == [MSG_SAME_MOVIE, "The tmdb_id 658224 already exist"]


def test_the_same_title_with_another_overview_passes(reference_data):
    existing_movie(tmdb_id=1, imdb_id="tt1", title=movie_row()["title"], overview="Other.")
    [result] = RowChecker(lookups_load()).check([Record(1, movie_row(), 18)])
    assert result.ok


def test_a_title_and_overview_repeated_in_a_later_batch_is_reported(reference_data):
    checker = RowChecker(lookups_load())
    checker.check([Record(1, movie_row(), 18)])
    [later] = checker.check([Record(2, movie_row(tmdb_id="5", imdb_id=""), 18)])
    assert later.reasons == [MSG_SAME_MOVIE]
