"""Limits on what a stranger can make expensive (docs/sandboxes.md "Limits")."""

import io
from datetime import timedelta

import pytest
from django.urls import get_script_prefix
from django.utils import timezone
from rest_framework.test import APIClient

from reelfake.exceptions import ApplicationError
from sandboxes import services
from sandboxes.models import Sandbox
from tests.sandboxes.conftest import (
    MOVIE,
    create,
    manager_login,
    prefix,
    schema_of,
    table_counts,
)
from tests.uploads.conftest import csv_bytes, numbered_rows

pytestmark = pytest.mark.django_db


def first_genre(response) -> tuple:
    """Status and first genre of a genre list: a sandbox's seeded list starts with Action (the
    main world of the tests holds no genres)."""
    body = response.json()
    return response.status_code, body["items"][0]["genreName"] if "items" in body else body


def post_sandbox(address: str = "203.0.113.7"):
    return APIClient().post("/api/sandboxes", REMOTE_ADDR=address)


def test_creations_per_address_per_hour_are_limited(settings):
    settings.SANDBOX_CREATES_PER_HOUR = 2
    post_sandbox()
    post_sandbox()
    response = post_sandbox()
    assert response.status_code == 429
    assert 3500 < int(response["Retry-After"]) <= 3600
    assert response.json()["message"].startswith("Too many sandboxes created from this address")
    assert Sandbox.objects.count() == 2


def test_creation_service_checks_the_hourly_limit_itself(settings):
    # Two requests at once both pass the view's throttle (it reads without a lock): the
    # service refuses the one past the limit under its lock.
    settings.SANDBOX_CREATES_PER_HOUR = 1
    services.sandbox_create(address="203.0.113.7")
    with pytest.raises(ApplicationError) as refused:
        services.sandbox_create(address="203.0.113.7")
    assert refused.value.status == 429
    assert 3500 < int(refused.value.headers["Retry-After"]) <= 3600
    assert Sandbox.objects.filter(key_hash__isnull=False).count() == 1


def test_another_address_may_still_create(settings):
    settings.SANDBOX_CREATES_PER_HOUR = 1
    post_sandbox("203.0.113.7")
    assert post_sandbox("203.0.113.8").status_code == 201


def test_full_server_evicts_the_longest_idle_sandbox(settings):
    settings.SANDBOX_MAX = 2
    first, second = create(), create()
    Sandbox.objects.filter(id=Sandbox.objects.order_by("id").first().id).update(
        last_used_at=timezone.now() - timedelta(hours=1)
    )
    third = create()
    evicted = APIClient().get(f"{prefix(first)}/api/genres")
    assert (evicted.status_code, evicted.json()) == (
        404,
        {"status": "error", "message": "Sandbox not found"},
    )
    assert first_genre(APIClient().get(f"{prefix(second)}/api/genres")) == (200, "Action")
    assert first_genre(APIClient().get(f"{prefix(third)}/api/genres")) == (200, "Action")


def test_full_server_of_recently_used_sandboxes_is_503(settings):
    settings.SANDBOX_MAX = 1
    settings.SANDBOX_EVICT_IDLE_MINUTES = 10
    create()
    response = post_sandbox()
    assert response.status_code == 503
    assert 0 < int(response["Retry-After"]) <= 600
    assert response.json()["message"].startswith("The server holds its maximum of 1 sandboxes")
    assert Sandbox.objects.filter(key_hash__isnull=False).count() == 1


def test_rows_past_the_quota_are_413_and_not_written(settings):
    settings.SANDBOX_ROW_QUOTA = 1
    sandbox = create()
    manager_login(client := APIClient(), sandbox)
    url = f"{prefix(sandbox)}/api/movies"
    assert client.post(url, MOVIE, format="json").status_code == 201
    second = {**MOVIE, "tmdbId": 442418, "imdbId": "tt1234568", "title": "The Witch"}
    response = client.post(url, second, format="json")
    assert response.status_code == 413
    assert response.json() == {
        "status": "error",
        "message": "This sandbox has reached its quota of 1 added rows; delete rows or reset "
        "it: POST /api/sandbox/reset",
    }
    assert client.get(url, {"title": "The Witch"}).status_code == 404


def test_deleting_rows_frees_quota(settings):
    settings.SANDBOX_ROW_QUOTA = 1
    sandbox = create()
    manager_login(client := APIClient(), sandbox)
    url = f"{prefix(sandbox)}/api/movies"
    movie_id = client.post(url, MOVIE, format="json").json()["id"]
    deleted = client.delete(f"{url}/{movie_id}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    second = {**MOVIE, "tmdbId": 442418, "imdbId": "tt1234568", "title": "The Witch"}
    created = client.post(url, second, format="json")
    assert (created.status_code, created.json()["title"]) == (201, "The Witch")


def test_request_bodies_over_the_sandbox_limit_are_413(settings, sandbox):
    settings.SANDBOX_UPLOAD_MAX_BYTES = 1024
    manager_login(client := APIClient(), sandbox)
    response = client.post(
        f"{prefix(sandbox)}/api/movies/upload/validate", b"x" * 2048, content_type="text/csv"
    )
    assert response.status_code == 413
    assert response.json()["message"] == "Request bodies in a sandbox are limited to 1,024 bytes"
    assert get_script_prefix() == "/"


def post_chunked_csv(client: APIClient, path: str, content: bytes):
    """A CSV body sent as gunicorn hands over a `Transfer-Encoding: chunked` request: no
    CONTENT_LENGTH, wsgi.input de-chunked and marked as ending (wsgi.input_terminated)."""
    return client.generic(
        "POST",
        path,
        content_type="text/csv",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(content), "wsgi.input_terminated": True},
    )


def test_chunked_bodies_over_the_sandbox_limit_are_413_and_not_written(settings, sandbox):
    settings.SANDBOX_UPLOAD_MAX_BYTES = 2048
    content = csv_bytes(numbered_rows(20))
    assert len(content) > 2048
    manager_login(client := APIClient(), sandbox)
    before = table_counts(schema_of(sandbox))
    response = post_chunked_csv(client, f"{prefix(sandbox)}/api/movies/upload", content)
    assert response.status_code == 413
    assert response.json() == {
        "status": "error",
        "message": "Request bodies in a sandbox are limited to 2,048 bytes",
    }
    assert table_counts(schema_of(sandbox)) == before


def test_chunked_bodies_within_the_sandbox_limit_are_read_whole(settings, sandbox):
    settings.SANDBOX_UPLOAD_MAX_BYTES = 4096
    content = csv_bytes(numbered_rows(3))
    manager_login(client := APIClient(), sandbox)
    response = post_chunked_csv(client, f"{prefix(sandbox)}/api/movies/upload/validate", content)
    assert response.status_code == 200, response.content
    assert response.json() == {"totalRows": 3, "invalidRows": []}
