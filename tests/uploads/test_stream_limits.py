"""One tracking stream holds a thread for at most REELFAKE_SSE_MAX_STREAM_SECONDS: a job
whose pauses alone would outlast it is refused up front, and a stream still running at the
limit ends with an error event (docs/security.md "Delays and streams")."""

from __future__ import annotations

import types

import pytest

import uploads.streaming
from tests.uploads.conftest import csv_bytes, numbered_rows, read_stream
from tests.uploads.test_track import stream, upload_job, validation_job
from uploads import services
from uploads.models import UploadJob

pytestmark = pytest.mark.django_db


class FakeClock:
    """time for uploads.streaming: sleeping advances it, and so does each processed row."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


@pytest.fixture
def slow_rows(monkeypatch):
    """Each row takes half a second to process (a busy database), on a fake clock."""
    clock = FakeClock()
    fake_time = types.SimpleNamespace(monotonic=clock.monotonic, sleep=clock.sleep)
    monkeypatch.setattr(uploads.streaming, "time", fake_time)
    process_next = services.job_process_next

    def slow_process_next(**kwargs):
        results = process_next(**kwargs)
        clock.now += 0.5
        return results

    monkeypatch.setattr(services, "job_process_next", slow_process_next)
    return clock


def test_a_stream_whose_delays_exceed_the_limit_is_refused_before_the_first_byte(
    manager_client, reference_data, settings
):
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 300
    url = upload_job(manager_client, csv_bytes(numbered_rows(301)))
    response = manager_client.get(url + "&delay_event_ms=1000", HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Delay event (ms) too long for this job: 301 rows at 1000 ms each would "
        "hold the stream for 301 s, over the limit of 300 s per stream",
    }


def test_a_refused_stream_leaves_its_job_untouched(manager_client, reference_data, settings):
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 1
    url = validation_job(manager_client, csv_bytes(numbered_rows(3)), "&delay_event_ms=500")
    manager_client.get(url, HTTP_ACCEPT="text/event-stream")
    job = UploadJob.objects.get()
    assert (job.status, job.next_row) == (UploadJob.PENDING, 1)


def test_a_stream_whose_delays_fit_the_limit_is_served(manager_client, reference_data, settings):
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 1
    url = validation_job(manager_client, csv_bytes(numbered_rows(2)), "&delay_event_ms=500")
    events = read_stream(stream(manager_client, url))
    assert events.data[-1]["status"] == "done"


def test_a_stream_still_running_at_the_limit_ends_with_an_error_event(
    manager_client, reference_data, settings, slow_rows
):
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 1
    url = validation_job(manager_client, csv_bytes(numbered_rows(5)), "&delay_event_ms=100")
    events = read_stream(stream(manager_client, url))
    assert events.events[-1] == (
        None,
        {
            "status": "error",
            "message": "Stream time limit reached: one stream may last 1 s. The job is kept; "
            "reconnect to continue after the last event received.",
        },
    )
    assert events.ids[:-1] == [1, 2]


def test_an_upload_stream_at_the_limit_ends_with_an_api_error_event_naming_the_next_row(
    manager_client, reference_data, settings, slow_rows
):
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 1
    url = upload_job(manager_client, csv_bytes(numbered_rows(5)), "&delay_event_ms=100")
    events = read_stream(stream(manager_client, url))
    assert events.data[-1]["status"] == "api-error"
    assert events.data[-1]["rowNumber"] == 3


def test_reconnecting_after_the_limit_continues_the_job(
    manager_client, reference_data, settings, slow_rows
):
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 1
    url = validation_job(manager_client, csv_bytes(numbered_rows(3)), "&delay_event_ms=100")
    read_stream(stream(manager_client, url))
    events = read_stream(stream(manager_client, url, HTTP_LAST_EVENT_ID="2"))
    assert events.ids == [3, 4]
    assert events.data[-1]["status"] == "done"
