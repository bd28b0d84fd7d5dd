"""POST /api/movies/upload/validate."""

import uuid

import pytest

from movies.models import Movie
from tests.uploads.conftest import (
    VALIDATE_URL,
    csv_bytes,
    existing_movie,
    movie_row,
    post_csv,
    sample_file,
)
from uploads.models import UploadJob, UploadJobChunk

pytestmark = pytest.mark.django_db

SAMPLE_ERRORS_INVALID_ROWS = [
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


def test_anonymous_cannot_validate_upload(anon_client):
    response = post_csv(anon_client, VALIDATE_URL, csv_bytes([movie_row()]))
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid or expired token"}


def test_customer_cannot_validate_upload(customer_client):
    response = post_csv(customer_client, VALIDATE_URL, csv_bytes([movie_row()]))
    assert response.status_code == 403
    assert response.json() == {
        "status": "error",
        "message": "You are not authorized to perform this operation",
    }


def test_staff_cannot_validate_upload(staff_client):
    response = post_csv(staff_client, VALIDATE_URL, csv_bytes([movie_row()]))
    assert response.status_code == 403
    assert response.json() == {
        "status": "error",
        "message": "You are not authorized to perform this operation",
    }


def test_sample_errors_file_lists_its_four_invalid_rows(manager_client, reference_data):
    response = post_csv(
        manager_client, VALIDATE_URL, sample_file("movies_upload_sample_errors.csv")
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"totalRows": 30, "invalidRows": SAMPLE_ERRORS_INVALID_ROWS}


def test_the_answer_keeps_the_contract_key_order(manager_client, reference_data):
    rows = [movie_row(), movie_row(tmdb_id="x")]
    response = post_csv(manager_client, VALIDATE_URL, csv_bytes(rows))
    assert response.content == (
        b'{"totalRows":2,"invalidRows":[{"rowNumber":2,'
        b'"reasons":["(tmdbId: x) The tmdb_id is not a number"]}]}'
    )


def test_sample_file_is_all_valid(manager_client, reference_data):
    response = post_csv(manager_client, VALIDATE_URL, sample_file("movies_upload_sample.csv"))
    assert response.json() == {"totalRows": 30, "invalidRows": []}


def test_validation_writes_nothing(manager_client, reference_data):
    post_csv(manager_client, VALIDATE_URL, sample_file("movies_upload_sample.csv"))
    assert Movie.objects.count() == 0
    assert UploadJob.objects.count() == 0


def test_a_row_with_the_title_and_overview_of_a_movie_is_invalid(manager_client, reference_data):
    row = movie_row()
    existing_movie(tmdb_id=1, imdb_id="tt1", title=row["title"], overview=row["overview"])
    response = post_csv(manager_client, VALIDATE_URL, csv_bytes([movie_row()]))
    assert response.json() == {
        "totalRows": 1,
        "invalidRows": [
            {"rowNumber": 1, "reasons": ["Movie with the same title and overview already exist"]}
        ],
    }
    assert Movie.objects.count() == 1


@pytest.mark.parametrize("value", ["", "true", "yes", "TRUE", " Yes "])
def test_enable_tracking_values_that_turn_it_on(manager_client, reference_data, value):
    response = post_csv(
        manager_client, f"{VALIDATE_URL}?enable_tracking={value}", csv_bytes([movie_row()])
    )
    assert response.status_code == 202
    job = UploadJob.objects.get()
    assert response.json() == {"trackingUrl": f"/movies/upload/track_validation?job={job.id}"}


def test_enable_tracking_without_a_value_turns_it_on(manager_client, reference_data):
    response = post_csv(manager_client, f"{VALIDATE_URL}?enable_tracking", csv_bytes([movie_row()]))
    assert response.status_code == 202
    job = UploadJob.objects.get()
    assert response.json() == {"trackingUrl": f"/movies/upload/track_validation?job={job.id}"}


@pytest.mark.parametrize("value", ["false", "1", "no", "on"])
def test_other_enable_tracking_values_validate_directly(manager_client, reference_data, value):
    response = post_csv(
        manager_client, f"{VALIDATE_URL}?enable_tracking={value}", csv_bytes([movie_row()])
    )
    assert response.status_code == 200
    assert response.json() == {"totalRows": 1, "invalidRows": []}


def test_tracking_answers_the_contract_url_plus_the_job(manager_client, reference_data):
    response = post_csv(manager_client, f"{VALIDATE_URL}?enable_tracking", csv_bytes([movie_row()]))
    job = UploadJob.objects.get()
    assert response.json() == {"trackingUrl": f"/movies/upload/track_validation?job={job.id}"}


def test_tracking_url_echoes_delay_event_ms(manager_client, reference_data):
    url = f"{VALIDATE_URL}?enable_tracking=true&delay_event_ms=500"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    job = UploadJob.objects.get()
    assert response.json() == {
        "trackingUrl": f"/movies/upload/track_validation?delay_event_ms=500&job={job.id}"
    }


def test_tracking_keeps_the_file_in_a_job_of_the_caller(
    manager_client, store_manager, reference_data
):
    content = sample_file("movies_upload_sample.csv")
    post_csv(manager_client, f"{VALIDATE_URL}?enable_tracking", content, name="batch.csv")
    job = UploadJob.objects.get()
    stored = b"".join(bytes(c.data) for c in UploadJobChunk.objects.filter(job=job))
    assert (job.kind, job.owner_role, job.owner_id) == (
        "validation",
        "STORE_MANAGER",
        store_manager.id,
    )
    assert (job.status, job.total_rows, job.next_row, job.file_name) == (
        "pending",
        30,
        1,
        "batch.csv",
    )
    assert (stored, job.file_size) == (content, len(content))


def test_tracking_checks_the_whole_file_before_answering(manager_client, reference_data):
    content = csv_bytes([movie_row()]) + b'1,"broken\n'
    response = post_csv(manager_client, f"{VALIDATE_URL}?enable_tracking", content)
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Malformed CSV in the record starting on line 3: a quoted value is never closed",
    }
    assert UploadJob.objects.count() == 0


def test_each_tracked_validation_is_its_own_job(manager_client, reference_data):
    first = post_csv(manager_client, f"{VALIDATE_URL}?enable_tracking", csv_bytes([movie_row()]))
    second = post_csv(manager_client, f"{VALIDATE_URL}?enable_tracking", csv_bytes([movie_row()]))
    assert first.json() != second.json()
    assert UploadJob.objects.count() == 2


def test_non_numeric_delay_event_ms_is_refused(manager_client, reference_data):
    url = f"{VALIDATE_URL}?enable_tracking&delay_event_ms=soon"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Delay event query string should be a number",
    }


def test_delay_event_ms_over_1000_is_refused(manager_client, reference_data):
    url = f"{VALIDATE_URL}?enable_tracking&delay_event_ms=1001"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Delay event (ms) should be less than 1000 milliseconds",
    }


def test_delay_event_ms_of_1000_is_accepted(manager_client, reference_data):
    url = f"{VALIDATE_URL}?enable_tracking&delay_event_ms=1000"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    assert response.status_code == 202
    job = UploadJob.objects.get()
    assert response.json() == {
        "trackingUrl": f"/movies/upload/track_validation?delay_event_ms=1000&job={job.id}"
    }


def test_empty_delay_event_ms_is_accepted(manager_client, reference_data):
    response = post_csv(manager_client, f"{VALIDATE_URL}?delay_event_ms=", csv_bytes([movie_row()]))
    assert response.status_code == 200
    assert response.json() == {"totalRows": 1, "invalidRows": []}


def test_delay_event_ms_in_exponent_notation_is_a_number(manager_client, reference_data):
    url = f"{VALIDATE_URL}?enable_tracking&delay_event_ms=1e3"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    assert response.status_code == 202
    job = UploadJob.objects.get()
    assert response.json() == {
        "trackingUrl": f"/movies/upload/track_validation?delay_event_ms=1e3&job={job.id}"
    }


def test_delay_event_ms_in_exponent_notation_over_1000_is_refused(manager_client, reference_data):
    url = f"{VALIDATE_URL}?enable_tracking&delay_event_ms=1.5E3"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Delay event (ms) should be less than 1000 milliseconds",
    }


def test_the_last_enable_tracking_value_decides(manager_client, reference_data):
    url = f"{VALIDATE_URL}?enable_tracking=yes&enable_tracking=no"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    assert response.status_code == 200
    assert response.json() == {"totalRows": 1, "invalidRows": []}
    assert UploadJob.objects.count() == 0


def test_repeated_delay_event_ms_is_refused(manager_client, reference_data):
    url = f"{VALIDATE_URL}?delay_event_ms=1&delay_event_ms=2"
    response = post_csv(manager_client, url, csv_bytes([movie_row()]))
    assert response.json()["message"] == "Delay event query string should be a number"


def test_delay_event_ms_is_checked_before_the_file(manager_client):
    response = manager_client.post(f"{VALIDATE_URL}?delay_event_ms=x", {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["message"] == "Delay event query string should be a number"


def test_missing_file_is_404_without_status(manager_client):
    response = manager_client.post(VALIDATE_URL, {}, format="multipart")
    assert response.status_code == 404
    assert response.json() == {"message": "File not found in the request"}


def test_json_body_is_a_missing_file(manager_client):
    response = manager_client.post(VALIDATE_URL, {"file": "x"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"message": "File not found in the request"}


def test_text_field_named_file_is_a_missing_file(manager_client):
    response = manager_client.post(VALIDATE_URL, {"file": "tmdb_id"}, format="multipart")
    assert response.json() == {"message": "File not found in the request"}


def test_file_in_another_field_is_refused(manager_client, reference_data):
    response = post_csv(manager_client, VALIDATE_URL, csv_bytes([movie_row()]), field_name="csv")
    assert response.status_code == 400
    assert response.json() == {"status": "error", "message": "Unexpected field"}


def test_two_files_are_refused(manager_client, reference_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"{n}.csv", csv_bytes([movie_row()])) for n in (1, 2)]
    response = manager_client.post(VALIDATE_URL, {"file": files}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"status": "error", "message": "Unexpected field"}


def test_csv_sent_as_the_request_body_is_accepted(manager_client, reference_data):
    content = sample_file("movies_upload_sample_errors.csv")
    response = manager_client.generic("POST", VALIDATE_URL, content, content_type="text/csv")
    assert response.status_code == 200
    assert response.json() == {"totalRows": 30, "invalidRows": SAMPLE_ERRORS_INVALID_ROWS}


def test_route_takes_a_trailing_slash_and_any_case(manager_client, reference_data):
    response = post_csv(manager_client, "/api/Movies/Upload/Validate/", csv_bytes([movie_row()]))
    assert (response.status_code, response.json()) == (200, {"totalRows": 1, "invalidRows": []})


def test_get_on_the_route_is_an_unknown_route(manager_client):
    response = manager_client.get(VALIDATE_URL)
    assert response.status_code == 404
    assert response.json() == {"message": "Route /api/movies/upload/validate does not exist"}


def test_job_ids_are_uuids(manager_client, reference_data):
    post_csv(manager_client, f"{VALIDATE_URL}?enable_tracking", csv_bytes([movie_row()]))
    assert isinstance(UploadJob.objects.get().id, uuid.UUID)
