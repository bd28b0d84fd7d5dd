"""POST /api/movies/upload: direct upload, stop_on_error, tracking."""

import datetime
from decimal import Decimal

import pytest

from movies.models import Movie
from tests.uploads.conftest import (
    UPLOAD_URL,
    country_id,
    csv_bytes,
    existing_movie,
    genre_id,
    language_id,
    movie_row,
    numbered_rows,
    post_csv,
    sample_file,
)
from uploads import validation
from uploads.models import UploadJob

pytestmark = pytest.mark.django_db


def test_anonymous_cannot_upload(anon_client):
    response = post_csv(anon_client, UPLOAD_URL, csv_bytes([movie_row()]))
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid or expired token"}


def test_customer_cannot_upload(customer_client):
    response = post_csv(customer_client, UPLOAD_URL, csv_bytes([movie_row()]))
    assert response.status_code == 403
    assert response.json() == {
        "status": "error",
        "message": "You are not authorized to perform this operation",
    }
    assert Movie.objects.count() == 0


def test_staff_cannot_upload(staff_client):
    response = post_csv(staff_client, UPLOAD_URL, csv_bytes([movie_row()]))
    assert response.status_code == 403
    assert response.json() == {
        "status": "error",
        "message": "You are not authorized to perform this operation",
    }


def test_sample_errors_file_inserts_the_valid_rows(manager_client, reference_data):
    response = post_csv(manager_client, UPLOAD_URL, sample_file("movies_upload_sample_errors.csv"))
    body = response.json()
    assert response.status_code == 201
    assert body["totalRows"] == 30
    assert [row["rowNumber"] for row in body["successRows"]] == [1, *range(6, 31)]
    assert body["failedRows"] == [
        {"rowNumber": 2, "reasons": ["(tmdbId: should_be_number) The tmdb_id is not a number"]},
        {
            "rowNumber": 3,
            "reasons": [
                "(genres: ['adventure','fantasy','unknown_genre']) The given genres are invalid"
            ],
        },
        {"rowNumber": 4, "reasons": ["(tmdbId: invalid_tmdb_id) The tmdb_id is not a number"]},
        {
            "rowNumber": 5,
            "reasons": ["(countries_of_origin: ['mx','zz']) The given countries are invalid"],
        },
    ]
    ids = [row["id"] for row in body["successRows"]]
    assert sorted(Movie.objects.values_list("id", flat=True)) == sorted(ids)


def test_uploaded_row_is_stored_column_by_column(manager_client, reference_data):
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes([movie_row()]))
    movie = Movie.objects.get(id=response.json()["successRows"][0]["id"])
    assert (movie.tmdb_id, movie.imdb_id, movie.title) == (
        658224,
        "tt24218194",
        "The Wizard of the Emerald City, Part I",
    )
    assert (movie.original_title, movie.overview, movie.runtime) == (
        "Volshebnik Izumrudnogo Goroda",
        "Ellie lives in a distant city.",
        104,
    )
    assert movie.release_date == datetime.date(2025, 1, 1)
    assert movie.genre_ids == [genre_id("Drama"), genre_id("Fantasy")]
    assert movie.origin_country_ids == [country_id("ru")]
    assert (movie.language_id, movie.movie_status, movie.popularity) == (
        language_id("ru"),
        "Released",
        5.0,
    )
    assert (movie.budget, movie.revenue, movie.rating_average, movie.rating_count) == (
        9100000,
        41418925,
        Decimal("7.45"),
        67,
    )
    assert movie.poster_url == "https://image.tmdb.org/t/p/w500/f3aj5s4rOqjMrtYKoNfRy9uJy5p.jpg"
    assert movie.rental_rate == Decimal("20.00")


def test_the_answer_keeps_the_contract_key_order(manager_client, reference_data):
    rows = [movie_row(), movie_row(tmdb_id="x")]
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes(rows))
    assert response.content.decode() == (
        f'{{"totalRows":2,"successRows":[{{"rowNumber":1,"id":{Movie.objects.get().id}}}],'
        '"failedRows":[{"rowNumber":2,"reasons":["(tmdbId: x) The tmdb_id is not a number"]}]}'
    )


def test_the_stop_on_error_answer_keeps_the_contract_key_order(manager_client, reference_data):
    response = post_csv(
        manager_client, f"{UPLOAD_URL}?stop_on_error", csv_bytes([movie_row(tmdb_id="x")])
    )
    assert response.content == (
        b'[{"rowNumber":1,"name":"ValidationFailed",'
        b'"message":"(tmdbId: x) The tmdb_id is not a number"}]'
    )


def test_success_rows_are_in_file_order_with_their_ids(manager_client, reference_data):
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes(numbered_rows(3)))
    rows = response.json()["successRows"]
    assert [row["rowNumber"] for row in rows] == [1, 2, 3]
    titles = [Movie.objects.get(id=row["id"]).title for row in rows]
    assert titles == ["Movie 1", "Movie 2", "Movie 3"]


def test_uploading_the_same_file_twice_inserts_nothing_new(manager_client, reference_data):
    post_csv(manager_client, UPLOAD_URL, csv_bytes(numbered_rows(2)))
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes(numbered_rows(2)))
    assert response.json() == {
        "totalRows": 2,
        "successRows": [],
        "failedRows": [
            {
                "rowNumber": 1,
                "reasons": [
                    "Movie with the same title and overview already exist",
                    "The tmdb_id 1000001 already exist",
                    "The imdb_id tt9000001 already exist",
                ],
            },
            {
                "rowNumber": 2,
                "reasons": [
                    "Movie with the same title and overview already exist",
                    "The tmdb_id 1000002 already exist",
                    "The imdb_id tt9000002 already exist",
                ],
            },
        ],
    }
    assert Movie.objects.count() == 2


def test_a_repeated_id_in_the_file_fails_the_later_row(manager_client, reference_data):
    rows = [movie_row(), movie_row(imdb_id="", title="Other")]
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes(rows))
    assert response.json()["failedRows"] == [
        {"rowNumber": 2, "reasons": ["The tmdb_id 658224 already exist"]}
    ]
    assert Movie.objects.count() == 1


MSG_SAME_MOVIE = "Movie with the same title and overview already exist"


def catalog_copy_of_movie_row(**fields):
    """A movie already in the catalog with movie_row()'s title and overview, other ids."""
    row = movie_row()
    return existing_movie(
        tmdb_id=1, imdb_id="tt1", title=row["title"], overview=row["overview"], **fields
    )


def test_a_row_with_the_title_and_overview_of_a_movie_fails_with_post_movies_message(
    manager_client, reference_data
):
    catalog_copy_of_movie_row()
    rows = [movie_row(title="THE WIZARD OF THE EMERALD CITY, PART I"), *numbered_rows(1)]
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes(rows))
    assert response.status_code == 201
    assert response.json() == {
        "totalRows": 2,
        "successRows": [{"rowNumber": 2, "id": Movie.objects.get(tmdb_id=1000001).id}],
        "failedRows": [{"rowNumber": 1, "reasons": [MSG_SAME_MOVIE]}],
    }
    assert sorted(Movie.objects.values_list("tmdb_id", flat=True)) == [1, 1000001]


def test_a_row_repeating_an_earlier_rows_title_and_overview_fails_the_later_row(
    manager_client, reference_data
):
    rows = [movie_row(), movie_row(tmdb_id="5", imdb_id="")]
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes(rows))
    assert response.json() == {
        "totalRows": 2,
        "successRows": [{"rowNumber": 1, "id": Movie.objects.get().id}],
        "failedRows": [{"rowNumber": 2, "reasons": [MSG_SAME_MOVIE]}],
    }
    assert list(Movie.objects.values_list("tmdb_id", flat=True)) == [658224]


def test_a_title_taken_after_the_check_is_refused_by_the_catalog_service(
    manager_client, reference_data, monkeypatch
):
    # Another request created the movie between the upload's check and its insert:
    # movies.services.movies_create_many applies POST /movies' rule itself.
    catalog_copy_of_movie_row()
    monkeypatch.setattr(validation, "movie_titles_taken", lambda keys: set())
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes([movie_row()]))
    assert response.json()["failedRows"] == [{"rowNumber": 1, "reasons": [MSG_SAME_MOVIE]}]
    assert Movie.objects.count() == 1


def test_rows_before_a_failing_row_stay_inserted(manager_client, reference_data):
    rows = [*numbered_rows(2), movie_row(tmdb_id="x")]
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes(rows))
    assert len(response.json()["successRows"]) == 2
    assert Movie.objects.count() == 2


def test_a_conflict_at_insert_time_is_reported_for_tmdb_id(
    manager_client, reference_data, monkeypatch
):
    # Another request inserted the movie between the duplicate check and the insert.
    existing_movie(tmdb_id=658224, imdb_id="tt1")
    monkeypatch.setattr(validation, "_ids_in_database", lambda passed: (set(), set()))
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes([movie_row(), *numbered_rows(1)]))
    assert response.json()["failedRows"] == [
        {"rowNumber": 1, "reasons": ["(tmdb_id) tmdb_id must be unique"]}
    ]
    assert len(response.json()["successRows"]) == 1


def test_a_conflict_at_insert_time_is_reported_for_imdb_id(
    manager_client, reference_data, monkeypatch
):
    existing_movie(tmdb_id=1, imdb_id="tt24218194")
    monkeypatch.setattr(validation, "_ids_in_database", lambda passed: (set(), set()))
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes([movie_row()]))
    assert response.json()["failedRows"] == [
        {"rowNumber": 1, "reasons": ["(imdb_id) imdb_id must be unique"]}
    ]


def test_a_row_the_database_refuses_fails_alone(manager_client, reference_data, monkeypatch):
    # Validation and the table disagree (W13 says they must not): only that row fails.
    real = validation.row_validate

    def lenient(record, lookups):
        result = real(record, lookups)
        if record.row_number == 2:
            result.values["title"] = "t" * 300
        return result

    monkeypatch.setattr(validation, "row_validate", lenient)
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes(numbered_rows(3)))
    body = response.json()
    assert [row["rowNumber"] for row in body["successRows"]] == [1, 3]
    assert body["failedRows"] == [
        {"rowNumber": 2, "reasons": ["value too long for type character varying(255)"]}
    ]
    assert Movie.objects.count() == 2


def test_stop_on_error_inserts_every_row_of_a_valid_file(manager_client, reference_data):
    response = post_csv(manager_client, f"{UPLOAD_URL}?stop_on_error", csv_bytes(numbered_rows(3)))
    assert response.status_code == 201
    body = response.json()
    assert (body["totalRows"], len(body["successRows"]), body["failedRows"]) == (3, 3, [])
    assert Movie.objects.count() == 3


def test_stop_on_error_rolls_back_at_the_first_invalid_row(manager_client, reference_data):
    rows = [*numbered_rows(1), movie_row(tmdb_id="should_be_number", rating_average="11")]
    rows += numbered_rows(1, start=5)
    response = post_csv(manager_client, f"{UPLOAD_URL}?stop_on_error=true", csv_bytes(rows))
    assert response.status_code == 400
    assert response.json() == [
        {
            "rowNumber": 2,
            "name": "ValidationFailed",
            "message": "(tmdbId: should_be_number) The tmdb_id is not a number",
        },
        {
            "rowNumber": 2,
            "name": "ValidationFailed",
            "message": "(ratingAverage: 11) Validation max on ratingAverage failed",
        },
    ]
    assert Movie.objects.count() == 0


def test_stop_on_error_rolls_back_earlier_batches_too(manager_client, reference_data):
    rows = [*numbered_rows(700), movie_row(title="")]
    response = post_csv(manager_client, f"{UPLOAD_URL}?stop_on_error=yes", csv_bytes(rows))
    assert response.json() == [
        {
            "rowNumber": 701,
            "name": "ValidationFailed",
            "message": "(title: ) Validation notEmpty on title failed",
        }
    ]
    assert Movie.objects.count() == 0


def test_stop_on_error_reports_a_taken_id_as_a_validation_failure(manager_client, reference_data):
    existing_movie(tmdb_id=658224, imdb_id="tt1")
    response = post_csv(manager_client, f"{UPLOAD_URL}?stop_on_error", csv_bytes([movie_row()]))
    assert response.json() == [
        {"rowNumber": 1, "name": "ValidationFailed", "message": "The tmdb_id 658224 already exist"}
    ]


def test_stop_on_error_reports_an_insert_conflict_as_unique_key_violation(
    manager_client, reference_data, monkeypatch
):
    existing_movie(tmdb_id=658224, imdb_id="tt1")
    monkeypatch.setattr(validation, "_ids_in_database", lambda passed: (set(), set()))
    rows = [*numbered_rows(1), movie_row()]
    response = post_csv(manager_client, f"{UPLOAD_URL}?stop_on_error", csv_bytes(rows))
    assert response.status_code == 400
    assert response.json() == [
        {
            "rowNumber": 2,
            "name": "UniqueKeyViolation",
            "message": "(tmdb_id) tmdb_id must be unique",
        }
    ]
    assert Movie.objects.count() == 1  # only the movie that was there before


def test_stop_on_error_reports_a_title_duplicate_as_a_validation_failure(
    manager_client, reference_data
):
    catalog_copy_of_movie_row()
    rows = [*numbered_rows(1), movie_row()]
    response = post_csv(manager_client, f"{UPLOAD_URL}?stop_on_error", csv_bytes(rows))
    assert response.status_code == 400
    assert response.json() == [
        {"rowNumber": 2, "name": "ValidationFailed", "message": MSG_SAME_MOVIE}
    ]
    assert list(Movie.objects.values_list("tmdb_id", flat=True)) == [1]


def test_stop_on_error_rolls_back_at_a_row_repeating_an_earlier_rows_title(
    manager_client, reference_data
):
    rows = [movie_row(), movie_row(tmdb_id="5", imdb_id="")]
    response = post_csv(manager_client, f"{UPLOAD_URL}?stop_on_error", csv_bytes(rows))
    assert response.status_code == 400
    assert response.json() == [
        {"rowNumber": 2, "name": "ValidationFailed", "message": MSG_SAME_MOVIE}
    ]
    assert Movie.objects.count() == 0


def test_stop_on_error_reports_a_title_taken_after_the_check_as_unique_key_violation(
    manager_client, reference_data, monkeypatch
):
    catalog_copy_of_movie_row()
    monkeypatch.setattr(validation, "movie_titles_taken", lambda keys: set())
    rows = [*numbered_rows(1), movie_row()]
    response = post_csv(manager_client, f"{UPLOAD_URL}?stop_on_error", csv_bytes(rows))
    assert response.status_code == 400
    assert response.json() == [
        {"rowNumber": 2, "name": "UniqueKeyViolation", "message": MSG_SAME_MOVIE}
    ]
    assert list(Movie.objects.values_list("tmdb_id", flat=True)) == [1]


def test_the_last_stop_on_error_value_decides(manager_client, reference_data):
    rows = [*numbered_rows(1), movie_row(tmdb_id="x")]
    url = f"{UPLOAD_URL}?stop_on_error=no&stop_on_error=yes"
    response = post_csv(manager_client, url, csv_bytes(rows))
    assert response.status_code == 400
    assert response.json() == [
        {
            "rowNumber": 2,
            "name": "ValidationFailed",
            "message": "(tmdbId: x) The tmdb_id is not a number",
        }
    ]
    assert Movie.objects.count() == 0


def test_delay_event_ms_is_not_checked_by_a_direct_upload(manager_client, reference_data):
    url = f"{UPLOAD_URL}?delay_event_ms=soon"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    assert response.status_code == 201
    assert response.json() == {
        "totalRows": 1,
        "successRows": [{"rowNumber": 1, "id": Movie.objects.get().id}],
        "failedRows": [],
    }


def test_stop_on_error_with_another_value_is_off(manager_client, reference_data):
    rows = [movie_row(tmdb_id="x"), *numbered_rows(1)]
    response = post_csv(manager_client, f"{UPLOAD_URL}?stop_on_error=1", csv_bytes(rows))
    assert response.status_code == 201
    assert response.json() == {
        "totalRows": 2,
        "successRows": [{"rowNumber": 2, "id": Movie.objects.get().id}],
        "failedRows": [
            {"rowNumber": 1, "reasons": ["(tmdbId: x) The tmdb_id is not a number"]},
        ],
    }


def test_tracking_answers_the_track_url_plus_the_job(manager_client, reference_data):
    response = post_csv(manager_client, f"{UPLOAD_URL}?enable_tracking", csv_bytes([movie_row()]))
    job = UploadJob.objects.get()
    assert response.status_code == 202
    assert response.json() == {"trackingUrl": f"/movies/upload/track?job={job.id}"}
    assert (job.kind, job.total_rows) == ("upload", 1)
    assert Movie.objects.count() == 0


def test_tracking_url_echoes_delay_event_ms(manager_client, reference_data):
    url = f"{UPLOAD_URL}?enable_tracking=yes&delay_event_ms=250"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    job = UploadJob.objects.get()
    assert response.json() == {
        "trackingUrl": f"/movies/upload/track?delay_event_ms=250&job={job.id}"
    }


def test_delay_event_ms_is_only_forwarded_by_the_upload_route(manager_client, reference_data):
    url = f"{UPLOAD_URL}?enable_tracking&delay_event_ms=later"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    assert response.status_code == 202
    assert response.json()["trackingUrl"].startswith("/movies/upload/track?delay_event_ms=later&")


def test_stop_on_error_is_ignored_in_tracking_mode(manager_client, reference_data):
    url = f"{UPLOAD_URL}?enable_tracking&stop_on_error"
    response = post_csv(manager_client, url, csv_bytes([movie_row(tmdb_id="x")]))
    assert response.status_code == 202
    job = UploadJob.objects.get()
    assert response.json() == {"trackingUrl": f"/movies/upload/track?job={job.id}"}


def test_missing_file_is_404_without_status(manager_client):
    response = manager_client.post(UPLOAD_URL, {}, format="multipart")
    assert response.status_code == 404
    assert response.json() == {"message": "File not found in the request"}


def test_file_in_another_field_is_refused(manager_client, reference_data):
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes([movie_row()]), field_name="movies")
    assert response.status_code == 400
    assert response.json() == {"status": "error", "message": "Unexpected field"}


def test_boundary_values_that_validate_are_inserted(manager_client, reference_data):
    # W13: what validation accepts, the table accepts, up to each limit.
    row = movie_row(
        tmdb_id=str(2**63 - 1),
        imdb_id="i" * 60,
        title="t" * 255,
        original_title="o" * 255,
        runtime=str(2**31 - 1),
        movie_status="s" * 20,
        budget=str(2**63 - 1),
        revenue="0",
        rating_average="10",
        rating_count=str(2**31 - 1),
        poster_url="https://example.com/" + "p" * 235,
        rental_rate="99.99",
    )
    validated = post_csv(manager_client, "/api/movies/upload/validate", csv_bytes([row]))
    assert validated.json() == {"totalRows": 1, "invalidRows": []}
    response = post_csv(manager_client, UPLOAD_URL, csv_bytes([row]))
    assert response.json()["failedRows"] == []
    assert Movie.objects.get().rental_rate == Decimal("99.99")
