"""A CSV upload is one `movie.imported` event per committed batch of rows, with how many
movies it created, never one event per movie (docs/toolkit.md "Live events")."""

import pytest

from movies.models import MovieLanguage
from tests.factories import MovieFactory
from tests.toolkit.test_events import read, types
from tests.uploads.conftest import (
    UPLOAD_URL,
    create_reference_data,
    csv_bytes,
    numbered_rows,
    post_csv,
)
from uploads import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def short_streams(settings):
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 0


@pytest.fixture
def batches_of_two(store_manager, monkeypatch):
    create_reference_data()  # after the store manager, as tests/uploads/conftest.py explains
    monkeypatch.setattr(services, "BATCH_SIZE", 2)


def upload(client, rows) -> dict:
    response = post_csv(client, UPLOAD_URL, csv_bytes(rows))
    assert response.status_code == 201, response.content
    return response.json()


def test_an_upload_is_one_movie_imported_event_per_batch(
    batches_of_two, manager_client, customer_client
):
    upload(manager_client, numbered_rows(5))
    events = read(customer_client)
    assert [(e["type"], e["ids"], e["payload"]) for e in events] == [
        ("movie.imported", {}, {"count": 2}),
        ("movie.imported", {}, {"count": 2}),
        ("movie.imported", {}, {"count": 1}),
    ]


def test_rows_an_upload_did_not_create_are_not_counted(
    batches_of_two, manager_client, customer_client
):
    rows = numbered_rows(2)
    rows[1]["tmdb_id"] = "not-a-number"
    upload(manager_client, rows)
    assert [e["payload"] for e in read(customer_client)] == [{"count": 1}]


def test_a_batch_that_creates_nothing_is_no_event(batches_of_two, manager_client, customer_client):
    upload(manager_client, [{**row, "tmdb_id": "x"} for row in numbered_rows(2)])
    assert read(customer_client) == []


def test_a_movie_written_after_an_upload_is_an_event_again(
    batches_of_two, manager_client, customer_client
):
    upload(manager_client, numbered_rows(1))
    MovieFactory(language=MovieLanguage.objects.first())
    assert types(read(customer_client)) == ["movie.imported", "movie.created"]
