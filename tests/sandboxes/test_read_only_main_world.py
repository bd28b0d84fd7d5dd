"""The main world of a server with sandboxes on is read-only (docs/sandboxes.md)."""

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD, GenreFactory
from tests.sandboxes.conftest import MOVIE

pytestmark = pytest.mark.django_db

READ_ONLY = {
    "status": "error",
    "message": (
        "This is the shared read-only world; to write, create a sandbox: POST /api/sandboxes"
    ),
}


def test_write_in_the_main_world_is_403(manager_client):
    response = manager_client.post("/api/movies", MOVIE, format="json")
    assert response.status_code == 403
    assert response.json() == READ_ONLY


def test_registration_in_the_main_world_is_403(db):
    response = APIClient().post("/api/customers/register", {}, format="json")
    assert response.json() == READ_ONLY


def test_open_password_reset_in_the_main_world_is_403(customer):
    response = APIClient().put(
        f"/api/customers/{customer.id}/forgot_password", {"password": "x"}, format="json"
    )
    assert (response.status_code, response.json()) == (403, READ_ONLY)


def test_upload_in_the_main_world_is_403(manager_client):
    response = manager_client.post("/api/movies/upload/validate", b"x", content_type="text/csv")
    assert (response.status_code, response.json()) == (403, READ_ONLY)


def test_login_in_the_main_world_still_works(customer):
    response = APIClient().post(
        "/api/auth/login", {"email": customer.email, "password": PASSWORD}, format="json"
    )
    assert (response.status_code, response.json()["email"]) == (200, customer.email)


def test_reads_in_the_main_world_still_work(db):
    genre = GenreFactory()
    response = APIClient().get("/api/genres")
    assert (response.status_code, response.json()) == (
        200,
        {"items": [{"id": genre.id, "genreName": genre.genre_name}], "length": 1},
    )


def test_main_world_takes_writes_with_sandboxes_off(manager_client, settings):
    settings.REELFAKE_SANDBOXES = False
    response = manager_client.post("/api/movies", {}, format="json")
    # Validated as a write (not refused as read-only): the first missing field is named.
    assert response.status_code == 400
    assert response.json()["message"].split("\n")[0] == "Movie.tmdbId cannot be null"
