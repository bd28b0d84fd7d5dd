"""GET /api/movies/upload/track_validation and /track (docs/decisions.md
"Uploads"): checks before the stream, the events, replay, resume and dropped connections."""

import datetime
import time
from urllib.parse import urlsplit

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import resolve
from django.utils import timezone
from rest_framework.test import APIRequestFactory, force_authenticate

from accounts.identity import user_from_staff
from movies.models import Movie
from tests.uploads.conftest import (
    TRACK_UPLOAD_URL,
    TRACK_VALIDATION_URL,
    UPLOAD_URL,
    VALIDATE_URL,
    csv_bytes,
    existing_movie,
    movie_row,
    numbered_rows,
    parse_sse,
    post_csv,
    read_stream,
    sample_file,
)
from uploads import services
from uploads.models import UploadJob, UploadJobRow

pytestmark = pytest.mark.django_db


def start_job(client, url: str, content: bytes, query: str = "") -> str:
    """POST with tracking; the API path of the tracking URL."""
    response = post_csv(client, f"{url}?enable_tracking{query}", content)
    assert response.status_code == 202, response.content
    return "/api" + response.json()["trackingUrl"]


def validation_job(client, content: bytes, query: str = "") -> str:
    return start_job(client, VALIDATE_URL, content, query)


def upload_job(client, content: bytes, query: str = "") -> str:
    return start_job(client, UPLOAD_URL, content, query)


def drop(response) -> None:
    """Close a stream as the server does when its client went away. (Django's
    close_old_connections would also close the test's database connection.)"""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def open_stream_directly(url: str, manager, **headers):
    """The tracking view without the test client around it, so that a test can close the
    response the way gunicorn does when the client has gone."""
    request = APIRequestFactory().get(url, HTTP_ACCEPT="text/event-stream", **headers)
    force_authenticate(request, user=user_from_staff(manager))
    response = resolve(urlsplit(url).path).func(request)
    assert response.status_code == 200
    return response


def stream(client, url: str, **headers):
    response = client.get(url, HTTP_ACCEPT="text/event-stream", **headers)
    assert response.status_code == 200, response.content
    return response


# Checks before the stream -------------------------------------------------------------


@pytest.mark.parametrize("url", [TRACK_VALIDATION_URL, TRACK_UPLOAD_URL])
def test_anonymous_cannot_track(anon_client, url):
    response = anon_client.get(url, HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"status": "error", "message": "Invalid or expired token"}


@pytest.mark.parametrize("url", [TRACK_VALIDATION_URL, TRACK_UPLOAD_URL])
def test_customer_cannot_track(customer_client, url):
    response = customer_client.get(url, HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 403
    assert response.json() == {
        "status": "error",
        "message": "You are not authorized to perform this operation",
    }


@pytest.mark.parametrize("url", [TRACK_VALIDATION_URL, TRACK_UPLOAD_URL])
def test_staff_cannot_track(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 403
    assert response.json() == {
        "status": "error",
        "message": "You are not authorized to perform this operation",
    }


@pytest.mark.parametrize("url", [TRACK_VALIDATION_URL, TRACK_UPLOAD_URL])
def test_no_pending_job_is_a_json_404_before_any_stream(manager_client, url):
    response = manager_client.get(url, HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "status": "error",
        "message": "Upload validation request is not found",
    }


def test_unknown_job_id_is_404(manager_client):
    url = f"{TRACK_VALIDATION_URL}?job=00000000-0000-0000-0000-000000000000"
    response = manager_client.get(url)
    assert response.status_code == 404
    assert response.json() == {
        "status": "error",
        "message": "Upload validation request is not found",
    }


def test_malformed_job_id_is_404(manager_client):
    response = manager_client.get(f"{TRACK_VALIDATION_URL}?job=42")
    assert response.status_code == 404
    assert response.json()["message"] == "Upload validation request is not found"


def test_another_managers_job_is_404(manager_client, other_manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes([movie_row()]))
    response = other_manager_client.get(url)
    assert response.status_code == 404
    assert response.json() == {
        "status": "error",
        "message": "Upload validation request is not found",
    }
    assert UploadJob.objects.get().next_row == 1


def test_a_validation_job_cannot_be_tracked_as_an_upload(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes([movie_row()]))
    response = manager_client.get(url.replace("track_validation", "track"))
    assert response.status_code == 404
    assert response.json() == {
        "status": "error",
        "message": "Upload validation request is not found",
    }
    assert Movie.objects.count() == 0


def test_an_expired_job_is_404(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes([movie_row()]))
    UploadJob.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = manager_client.get(url)
    assert response.status_code == 404
    assert response.json() == {
        "status": "error",
        "message": "Upload validation request is not found",
    }


def test_non_numeric_delay_event_ms_is_a_json_400(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes([movie_row()]))
    response = manager_client.get(f"{url}&delay_event_ms=abc", HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Delay event query string should be a number",
    }


@pytest.mark.parametrize("raw", ["\u0665\u0660\u0660", "\uff15", "5_0"])
def test_delay_event_ms_in_other_digits_is_a_json_400(manager_client, reference_data, raw):
    # float() reads "٥٠٠" as 500: numbers are ASCII digits (docs/security.md "Numbers").
    url = validation_job(manager_client, csv_bytes([movie_row()]))
    response = manager_client.get(f"{url}&delay_event_ms={raw}", HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Delay event query string should be a number",
    }


def test_delay_event_ms_over_1000_is_a_json_400_on_the_upload_stream(
    manager_client, reference_data
):
    url = upload_job(manager_client, csv_bytes([movie_row()]), "&delay_event_ms=5000")
    response = manager_client.get(url, HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Delay event (ms) should be less than 1000 milliseconds",
    }
    assert Movie.objects.count() == 0


def test_negative_delay_event_ms_streams_without_pausing(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes([movie_row()]))
    events = read_stream(stream(manager_client, f"{url}&delay_event_ms=-5"))
    assert events.data == [
        {"status": "processing", "rowNumber": 1, "isValid": True},
        {
            "status": "done",
            "totalRows": 1,
            "processedRowsCount": 1,
            "validRowsCount": 1,
            "invalidRowsCount": 0,
        },
    ]


def test_a_repeated_job_parameter_names_the_job_by_its_last_value(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes([movie_row()]))
    job_id = url.split("job=")[1]
    query = f"?job=00000000-0000-0000-0000-000000000000&job={job_id}"
    events = read_stream(stream(manager_client, TRACK_VALIDATION_URL + query))
    assert events.data[-1]["status"] == "done"


@pytest.mark.parametrize(
    "last_event_id", ["row-3", "²", pytest.param("9" * 5000, id="5000-digits")]
)
def test_invalid_last_event_id_is_a_json_400(manager_client, reference_data, last_event_id):
    url = validation_job(manager_client, csv_bytes([movie_row()]))
    response = manager_client.get(url, HTTP_LAST_EVENT_ID=last_event_id)
    assert response.status_code == 400
    assert response.json() == {"status": "error", "message": "Last-Event-ID must be a whole number"}


# The stream ---------------------------------------------------------------------------


def test_stream_headers(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes([movie_row()]))
    response = stream(manager_client, url, HTTP_ACCEPT_ENCODING="gzip")
    read_stream(response)
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    # no-cache for proxies; private, no-store as for every answer to a signed-in caller.
    assert set(response["Cache-Control"].split(", ")) == {"no-cache", "private", "no-store"}
    assert response["X-Accel-Buffering"] == "no"
    assert "Content-Encoding" not in response


def test_stream_starts_with_a_retry_hint(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes([movie_row()]))
    body = b"".join(stream(manager_client, url).streaming_content).decode()
    assert body.startswith("retry: 3000\n\n")


def test_validation_stream_of_the_sample_errors_file(manager_client, reference_data):
    url = validation_job(manager_client, sample_file("movies_upload_sample_errors.csv"))
    events = read_stream(stream(manager_client, url))
    assert events.ids == list(range(1, 32))
    assert events.data[0] == {"status": "processing", "rowNumber": 1, "isValid": True}
    assert events.data[1] == {
        "status": "processing",
        "rowNumber": 2,
        "isValid": False,
        "reasons": ["(tmdbId: should_be_number) The tmdb_id is not a number"],
    }
    assert [e["rowNumber"] for e in events.data[:30] if not e["isValid"]] == [2, 3, 4, 5]
    assert events.data[30] == {
        "status": "done",
        "totalRows": 30,
        "processedRowsCount": 30,
        "validRowsCount": 26,
        "invalidRowsCount": 4,
    }
    assert Movie.objects.count() == 0


def test_event_lines_keep_the_contract_key_order(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes([movie_row(), movie_row(tmdb_id="x")]))
    body = b"".join(stream(manager_client, url).streaming_content).decode()
    assert 'id: 1\ndata: {"status":"processing","rowNumber":1,"isValid":true}\n\n' in body
    assert (
        'id: 2\ndata: {"status":"processing","rowNumber":2,"isValid":false,'
        '"reasons":["(tmdbId: x) The tmdb_id is not a number"]}\n\n'
    ) in body
    assert body.endswith(
        'id: 3\ndata: {"status":"done","totalRows":2,"processedRowsCount":2,'
        '"validRowsCount":1,"invalidRowsCount":1}\n\n'
    )


def test_upload_stream_of_the_sample_errors_file(manager_client, reference_data):
    url = upload_job(manager_client, sample_file("movies_upload_sample_errors.csv"))
    events = read_stream(stream(manager_client, url))
    successes = [e for e in events.data if e.get("outcome") == "success"]
    assert events.ids == list(range(1, 32))
    assert events.data[1] == {
        "status": "processing",
        "outcome": "failed",
        "rowNumber": 2,
        "reasons": ["(tmdbId: should_be_number) The tmdb_id is not a number"],
    }
    assert list(successes[0]) == ["status", "outcome", "rowNumber", "id"]
    assert sorted(e["id"] for e in successes) == sorted(Movie.objects.values_list("id", flat=True))
    assert events.data[30] == {
        "status": "done",
        "totalRows": 30,
        "successRowsCount": 26,
        "failedRowsCount": 4,
    }


def test_upload_stream_records_each_row_with_its_movie(manager_client, reference_data):
    url = upload_job(manager_client, csv_bytes([movie_row(), movie_row(tmdb_id="x")]))
    read_stream(stream(manager_client, url))
    rows = list(UploadJobRow.objects.order_by("row_number").values("row_number", "ok", "movie_id"))
    assert rows == [
        {"row_number": 1, "ok": True, "movie_id": Movie.objects.get().id},
        {"row_number": 2, "ok": False, "movie_id": None},
    ]
    job = UploadJob.objects.get()
    assert (job.status, job.next_row, job.ok_count, job.failed_count) == ("done", 3, 1, 1)


MSG_SAME_MOVIE = "Movie with the same title and overview already exist"


def test_upload_stream_fails_a_row_with_the_title_and_overview_of_a_movie(
    manager_client, reference_data
):
    row = movie_row()
    existing_movie(tmdb_id=1, imdb_id="tt1", title=row["title"], overview=row["overview"])
    url = upload_job(manager_client, csv_bytes([movie_row(), *numbered_rows(1)]))
    body = b"".join(stream(manager_client, url).streaming_content).decode()
    new = Movie.objects.get(tmdb_id=1000001)
    assert body == (
        "retry: 3000\n\n"
        'id: 1\ndata: {"status":"processing","outcome":"failed","rowNumber":1,'
        '"reasons":["Movie with the same title and overview already exist"]}\n\n'
        'id: 2\ndata: {"status":"processing","outcome":"success","rowNumber":2,'
        f'"id":{new.id}}}\n\n'
        'id: 3\ndata: {"status":"done","totalRows":2,"successRowsCount":1,'
        '"failedRowsCount":1}\n\n'
    )
    assert sorted(Movie.objects.values_list("tmdb_id", flat=True)) == [1, 1000001]


def test_upload_stream_fails_a_row_repeating_an_earlier_rows_title_and_overview(
    manager_client, reference_data
):
    url = upload_job(manager_client, csv_bytes([movie_row(), movie_row(tmdb_id="5", imdb_id="")]))
    events = read_stream(stream(manager_client, url))
    first = Movie.objects.get()
    assert events.data == [
        {"status": "processing", "outcome": "success", "rowNumber": 1, "id": first.id},
        {"status": "processing", "outcome": "failed", "rowNumber": 2, "reasons": [MSG_SAME_MOVIE]},
        {"status": "done", "totalRows": 2, "successRowsCount": 1, "failedRowsCount": 1},
    ]
    rows = UploadJobRow.objects.order_by("row_number").values_list("ok", "movie_id", "reasons")
    assert list(rows) == [(True, first.id, None), (False, None, [MSG_SAME_MOVIE])]


def test_validation_stream_reports_a_row_repeating_an_earlier_rows_title_and_overview(
    manager_client, reference_data
):
    content = csv_bytes([movie_row(), movie_row(tmdb_id="5", imdb_id="")])
    events = read_stream(stream(manager_client, validation_job(manager_client, content)))
    assert events.data == [
        {"status": "processing", "rowNumber": 1, "isValid": True},
        {"status": "processing", "rowNumber": 2, "isValid": False, "reasons": [MSG_SAME_MOVIE]},
        {
            "status": "done",
            "totalRows": 2,
            "processedRowsCount": 2,
            "validRowsCount": 1,
            "invalidRowsCount": 1,
        },
    ]
    assert Movie.objects.count() == 0


def test_a_resumed_validation_still_knows_the_titles_of_rows_before_it(
    manager_client, store_manager, reference_data
):
    rows = [movie_row(), *numbered_rows(1), movie_row(tmdb_id="5", imdb_id="")]
    url = validation_job(manager_client, csv_bytes(rows), "&delay_event_ms=1")
    response = open_stream_directly(url, store_manager)
    chunks = iter(response)
    b"".join(next(chunks) for _ in range(3))  # retry hint + rows 1-2
    drop(response)
    after = read_stream(stream(manager_client, url, HTTP_LAST_EVENT_ID="2"))
    assert after.data[0] == {
        "status": "processing",
        "rowNumber": 3,
        "isValid": False,
        "reasons": [MSG_SAME_MOVIE],
    }


def test_validation_and_upload_agree_row_by_row(manager_client, reference_data):
    existing_ids = numbered_rows(1, start=3)
    post_csv(manager_client, UPLOAD_URL, csv_bytes(existing_ids))
    rows = [*numbered_rows(4), movie_row(tmdb_id="1000001", imdb_id=""), movie_row(title="")]
    content = csv_bytes(rows)
    validated = read_stream(stream(manager_client, validation_job(manager_client, content)))
    uploaded = read_stream(stream(manager_client, upload_job(manager_client, content)))
    assert [e.get("isValid") for e in validated.data[:-1]] == [
        e.get("outcome") == "success" for e in uploaded.data[:-1]
    ]
    assert [e.get("reasons") for e in validated.data[:-1]] == [
        e.get("reasons") for e in uploaded.data[:-1]
    ]


def test_tracking_without_job_takes_the_newest_pending_job(manager_client, reference_data):
    validation_job(manager_client, csv_bytes(numbered_rows(1)))
    validation_job(manager_client, csv_bytes(numbered_rows(2)))
    events = read_stream(stream(manager_client, TRACK_VALIDATION_URL))
    assert events.data[-1]["totalRows"] == 2


def test_tracking_without_job_skips_finished_jobs(manager_client, reference_data):
    older = validation_job(manager_client, csv_bytes(numbered_rows(1)))
    newer = validation_job(manager_client, csv_bytes(numbered_rows(2)))
    read_stream(stream(manager_client, newer))
    events = read_stream(stream(manager_client, TRACK_VALIDATION_URL))
    assert events.data[-1]["totalRows"] == 1
    assert older.endswith(str(UploadJob.objects.order_by("created_at").first().id))


def test_a_manager_can_track_several_jobs(manager_client, reference_data):
    first = upload_job(manager_client, csv_bytes(numbered_rows(1)))
    second = upload_job(manager_client, csv_bytes(numbered_rows(2, start=10)))
    assert read_stream(stream(manager_client, second)).data[-1]["successRowsCount"] == 2
    assert read_stream(stream(manager_client, first)).data[-1]["successRowsCount"] == 1
    assert Movie.objects.count() == 3


def test_delay_event_ms_paces_the_rows(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes(numbered_rows(3)), "&delay_event_ms=100")
    started = time.monotonic()
    events = read_stream(stream(manager_client, url))
    assert time.monotonic() - started >= 0.3
    assert len(events.events) == 4


def test_idle_stream_sends_heartbeat_comments(manager_client, reference_data, settings):
    settings.REELFAKE_SSE_HEARTBEAT_SECONDS = 0.05
    url = validation_job(manager_client, csv_bytes(numbered_rows(2)), "&delay_event_ms=300")
    body = b"".join(stream(manager_client, url).streaming_content).decode()
    first_row = body.index("id: 1\n")
    assert body[:first_row].count(": keep-alive\n\n") >= 3
    assert len(parse_sse(body).events) == 3


def test_busy_stream_sends_no_heartbeat(manager_client, reference_data, settings):
    settings.REELFAKE_SSE_HEARTBEAT_SECONDS = 0.05
    url = validation_job(manager_client, csv_bytes(numbered_rows(2)))
    assert read_stream(stream(manager_client, url)).comments == []


# Replay, resume, disconnects ----------------------------------------------------------


def test_a_finished_job_replays_its_events(manager_client, reference_data):
    url = upload_job(manager_client, sample_file("movies_upload_sample_errors.csv"))
    first = read_stream(stream(manager_client, url))
    replay = read_stream(stream(manager_client, url))
    assert replay.events == first.events
    assert Movie.objects.count() == 26


def test_last_event_id_resumes_after_that_event(manager_client, reference_data):
    url = validation_job(manager_client, sample_file("movies_upload_sample_errors.csv"))
    full = read_stream(stream(manager_client, url))
    resumed = read_stream(stream(manager_client, url, HTTP_LAST_EVENT_ID="27"))
    assert resumed.events == full.events[27:]


def test_last_event_id_of_the_final_event_is_204(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes(numbered_rows(2)))
    read_stream(stream(manager_client, url))
    response = manager_client.get(url, HTTP_LAST_EVENT_ID="3")
    assert response.status_code == 204
    assert response.content == b""


def test_dropped_stream_stops_the_work(manager_client, store_manager, reference_data):
    url = upload_job(manager_client, csv_bytes(numbered_rows(10)), "&delay_event_ms=1")
    response = open_stream_directly(url, store_manager)
    chunks = iter(response)
    received = parse_sse(b"".join(next(chunks) for _ in range(4)).decode())
    drop(response)
    job = UploadJob.objects.get()
    assert received.ids == [1, 2, 3]
    assert (job.status, job.next_row) == ("pending", 4)
    assert Movie.objects.count() == 3


def test_reconnecting_resumes_with_the_next_row_and_no_duplicates(
    manager_client, store_manager, reference_data
):
    url = upload_job(manager_client, csv_bytes(numbered_rows(10)), "&delay_event_ms=1")
    response = open_stream_directly(url, store_manager)
    chunks = iter(response)
    before = parse_sse(b"".join(next(chunks) for _ in range(4)).decode())
    drop(response)
    after = read_stream(stream(manager_client, url, HTTP_LAST_EVENT_ID=str(before.ids[-1])))
    assert before.ids + after.ids == list(range(1, 12))
    assert after.data[-1] == {
        "status": "done",
        "totalRows": 10,
        "successRowsCount": 10,
        "failedRowsCount": 0,
    }
    titles = sorted(Movie.objects.values_list("title", flat=True))
    assert titles == sorted(f"Movie {n}" for n in range(1, 11))


def test_reconnecting_replays_rows_processed_after_the_last_event_seen(
    manager_client, store_manager, reference_data
):
    url = upload_job(manager_client, csv_bytes(numbered_rows(6)), "&delay_event_ms=1")
    response = open_stream_directly(url, store_manager)
    chunks = iter(response)
    b"".join(next(chunks) for _ in range(5))  # rows 1-4 processed and sent
    drop(response)
    # The client only saw row 2 before its connection dropped.
    after = read_stream(stream(manager_client, url, HTTP_LAST_EVENT_ID="2"))
    assert after.ids == [3, 4, 5, 6, 7]
    assert Movie.objects.count() == 6


def test_two_streams_of_one_job_share_the_work(manager_client, reference_data):
    url = upload_job(manager_client, csv_bytes(numbered_rows(8)), "&delay_event_ms=1")
    first = iter(stream(manager_client, url).streaming_content)
    b"".join(next(first) for _ in range(3))  # retry hint + rows 1-2
    second = read_stream(stream(manager_client, url))  # replays 1-2, processes 3-8
    rest_of_first = parse_sse(b"".join(first).decode())  # replays 3-8 from the database
    assert second.ids == list(range(1, 10))
    assert rest_of_first.ids == list(range(3, 10))
    assert rest_of_first.events == second.events[2:]
    assert Movie.objects.count() == 8


def test_a_failure_while_streaming_an_upload_is_an_api_error_event(
    manager_client, reference_data, monkeypatch
):
    url = upload_job(manager_client, csv_bytes(numbered_rows(3)), "&delay_event_ms=1")
    real = services.movies_insert
    calls = []

    def failing_on_second_row(results, checker):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real(results, checker)

    monkeypatch.setattr(services, "movies_insert", failing_on_second_row)
    events = read_stream(stream(manager_client, url))
    assert events.ids == [1, 4]
    assert events.data[1] == {
        "status": "api-error",
        "rowNumber": 2,
        "message": "Internal server error",
    }
    assert Movie.objects.count() == 1
    assert UploadJob.objects.get().status == "failed"


def test_an_api_error_event_keeps_the_contract_key_order(
    manager_client, reference_data, monkeypatch
):
    url = upload_job(manager_client, csv_bytes(numbered_rows(1)))
    monkeypatch.setattr(services, "movies_insert", lambda results, checker: 1 / 0)
    body = b"".join(stream(manager_client, url).streaming_content).decode()
    assert body == (
        "retry: 3000\n\n"
        'id: 2\ndata: {"status":"api-error","rowNumber":1,"message":"Internal server error"}\n\n'
    )


def test_a_failure_while_streaming_a_validation_is_an_error_event(
    manager_client, reference_data, monkeypatch
):
    url = validation_job(manager_client, csv_bytes(numbered_rows(2)))

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services.RowChecker, "check", broken)
    events = read_stream(stream(manager_client, url))
    assert events.data == [{"status": "error", "message": "Internal server error"}]


def test_a_failed_job_replays_its_error(manager_client, reference_data, monkeypatch):
    url = validation_job(manager_client, csv_bytes(numbered_rows(2)))
    monkeypatch.setattr(services.RowChecker, "check", lambda *a: 1 / 0)
    first = read_stream(stream(manager_client, url))
    monkeypatch.undo()
    assert read_stream(stream(manager_client, url)).events == first.events


def test_each_batch_extends_the_job_expiry(manager_client, reference_data):
    url = validation_job(manager_client, csv_bytes(numbered_rows(1)))
    UploadJob.objects.update(expires_at=timezone.now() + datetime.timedelta(minutes=1))
    read_stream(stream(manager_client, url))
    remaining = UploadJob.objects.get().expires_at - timezone.now()
    assert remaining > datetime.timedelta(minutes=59)
