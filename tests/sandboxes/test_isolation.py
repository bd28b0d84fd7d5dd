"""Isolation between worlds (docs/sandboxes.md "Isolation"): tokens, cookies, rows, upload
jobs and login throttling belong to one sandbox."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from reelfake.db.seeding import DEMO_CUSTOMER_EMAIL, DEMO_MANAGER_EMAIL, DEMO_PASSWORD
from sandboxes import services
from tests.sandboxes.conftest import (
    MOVIE,
    login,
    manager_login,
    prefix,
    schema_of,
    table_counts,
)
from tests.uploads.conftest import csv_bytes, numbered_rows, post_csv, read_stream

pytestmark = pytest.mark.django_db


def bearer_of(client: APIClient) -> str:
    return client.cookies["auth_token"].value


INVALID_TOKEN = {"status": "error", "message": "Invalid or expired token"}


def me(path_prefix: str, token: str, **headers):
    client = APIClient()
    return client.get(f"{path_prefix}/api/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}", **headers)


def test_token_of_one_sandbox_is_refused_in_another(sandbox, other_sandbox):
    token = bearer_of(login(APIClient(), sandbox))
    response = me(prefix(other_sandbox), token)
    assert response.status_code == 401
    assert response.json() == INVALID_TOKEN


@pytest.fixture
def seeded_main_world(db):
    """The main world holding the same seeded accounts as every sandbox."""
    services.main_world_reset()


def test_token_of_a_sandbox_is_refused_in_the_main_world(sandbox, seeded_main_world):
    token = bearer_of(login(APIClient(), sandbox))
    response = me("", token)
    assert (response.status_code, response.json()) == (401, INVALID_TOKEN)


def test_token_of_a_sandbox_is_accepted_in_it(sandbox):
    token = bearer_of(login(APIClient(), sandbox))
    response = me(prefix(sandbox), token)
    assert response.status_code == 200
    assert response.json()["email"] == DEMO_CUSTOMER_EMAIL


def test_token_of_a_sandbox_is_accepted_through_its_header(sandbox):
    token = bearer_of(login(APIClient(), sandbox))
    response = me("", token, HTTP_X_REELFAKE_SANDBOX=sandbox["key"])
    assert (response.status_code, response.json()["email"]) == (200, DEMO_CUSTOMER_EMAIL)


def test_token_of_the_main_world_is_refused_in_a_sandbox(sandbox, seeded_main_world):
    client = APIClient()
    client.post(
        "/api/auth/login", {"email": DEMO_CUSTOMER_EMAIL, "password": DEMO_PASSWORD}, format="json"
    )
    token = bearer_of(client)
    in_main = me("", token)
    in_sandbox = me(prefix(sandbox), token)
    assert (in_main.status_code, in_main.json()["email"]) == (200, DEMO_CUSTOMER_EMAIL)
    assert (in_sandbox.status_code, in_sandbox.json()) == (401, INVALID_TOKEN)


def test_refresh_token_of_one_sandbox_is_refused_in_another(sandbox, other_sandbox):
    client = login(APIClient(), sandbox)
    refresh = client.cookies["refresh_token"].value
    other = APIClient()
    other.cookies["refresh_token"] = refresh
    response = other.post(f"{prefix(other_sandbox)}/api/auth/refresh")
    assert response.status_code == 401
    assert "auth_token" not in response.cookies


def test_sandbox_cookies_are_scoped_to_its_path(sandbox):
    response = APIClient().post(
        f"{prefix(sandbox)}/api/auth/login",
        {"email": DEMO_CUSTOMER_EMAIL, "password": DEMO_PASSWORD},
        format="json",
    )
    assert response.cookies["auth_token"]["path"] == f"{prefix(sandbox)}/"
    assert response.cookies["refresh_token"]["path"] == f"{prefix(sandbox)}/api/auth"


def test_cookies_through_the_header_keep_their_plain_paths(sandbox):
    response = APIClient().post(
        "/api/auth/login",
        {"email": DEMO_CUSTOMER_EMAIL, "password": DEMO_PASSWORD},
        format="json",
        HTTP_X_REELFAKE_SANDBOX=sandbox["key"],
    )
    assert response.cookies["auth_token"]["path"] == "/"


def workload(sandbox: dict) -> None:
    """Writes of every kind in one sandbox: a registration, a movie, a cart row, an upload
    job and its rows, a failed login."""
    base = f"{prefix(sandbox)}/api"
    anon = APIClient()
    registered = anon.post(
        f"{base}/customers/register",
        {
            "firstName": "Ada",
            "lastName": "Lovelace",
            "email": "ada@example.com",
            "password": "Secret123!",
            "phoneNumber": "0491570006",
            "address": {
                "addressLine1": "1 Main Street",
                "city": "Sydney",
                "state": "New South Wales",
                "postcode": "2000",
            },
            "preferredStoreId": 1,
        },
        format="json",
    )
    assert registered.status_code == 201, registered.content
    assert anon.post(f"{base}/cart", {"movieId": 1}, format="json").status_code == 201
    manager = manager_login(APIClient(), sandbox)
    created = manager.post(f"{base}/movies", MOVIE, format="json")
    assert created.status_code == 201, created.content
    upload = post_csv(manager, f"{base}/movies/upload?enable_tracking", csv_bytes(numbered_rows(3)))
    assert upload.status_code == 202, upload.content
    stream = manager.get(base + upload.json()["trackingUrl"])
    assert read_stream(stream).data[-1]["successRowsCount"] == 3
    wrong = {"email": DEMO_MANAGER_EMAIL, "password": "wrong"}
    assert APIClient().post(f"{base}/auth/login", wrong, format="json").status_code == 401


def test_writes_in_one_sandbox_leave_the_other_and_the_main_world_unchanged(sandbox, other_sandbox):
    before_main = table_counts("public")
    before_other = table_counts(schema_of(other_sandbox))
    before_own = table_counts(schema_of(sandbox))
    workload(sandbox)
    assert table_counts("public") == before_main
    assert table_counts(schema_of(other_sandbox)) == before_other
    after_own = table_counts(schema_of(sandbox))
    grown = {table for table in after_own if after_own[table] > before_own[table]}
    assert {"customer", "cart", "movie", "upload_job", "accounts_loginfailure"} <= grown
    assert after_own["movie"] == before_own["movie"] + 4


def test_a_movie_added_in_one_sandbox_is_not_listed_in_another(sandbox, other_sandbox):
    manager_login(client := APIClient(), sandbox)
    client.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    own = APIClient().get(f"{prefix(sandbox)}/api/movies", {"title": "The Wizard"})
    other = APIClient().get(f"{prefix(other_sandbox)}/api/movies", {"title": "The Wizard"})
    assert own.json()["length"] == 1
    assert other.status_code == 404


def test_failed_logins_lock_an_account_in_its_sandbox_only(sandbox, other_sandbox):
    wrong = {"email": DEMO_CUSTOMER_EMAIL, "password": "wrong-password"}
    for _ in range(10):
        APIClient().post(f"{prefix(sandbox)}/api/auth/login", wrong, format="json")
    right = {"email": DEMO_CUSTOMER_EMAIL, "password": DEMO_PASSWORD}
    locked = APIClient().post(f"{prefix(sandbox)}/api/auth/login", right, format="json")
    elsewhere = APIClient().post(f"{prefix(other_sandbox)}/api/auth/login", right, format="json")
    message = f"Too many failed login attempts, try again in {locked['Retry-After']} seconds"
    assert (locked.status_code, locked.json()) == (429, {"status": "error", "message": message})
    assert (elsewhere.status_code, elsewhere.json()["email"]) == (200, DEMO_CUSTOMER_EMAIL)


def test_upload_job_of_one_sandbox_is_not_found_in_another(sandbox, other_sandbox):
    manager = manager_login(APIClient(), sandbox)
    upload = post_csv(
        manager,
        f"{prefix(sandbox)}/api/movies/upload/validate?enable_tracking",
        csv_bytes(numbered_rows(2)),
    )
    tracking = upload.json()["trackingUrl"]
    other = manager_login(APIClient(), other_sandbox)
    response = other.get(f"{prefix(other_sandbox)}/api{tracking}")
    assert (response.status_code, response.json()) == (
        404,
        {"status": "error", "message": "Upload validation request is not found"},
    )


def test_logout_in_a_sandbox_expires_the_cookies_at_their_scoped_paths(sandbox):
    client = login(APIClient(), sandbox)
    response = client.get(f"{prefix(sandbox)}/api/auth/logout")
    assert response.status_code == 200
    assert response.cookies["auth_token"]["path"] == f"{prefix(sandbox)}/"
    assert response.cookies["auth_token"]["max-age"] == 0
    assert response.cookies["refresh_token"]["path"] == f"{prefix(sandbox)}/api/auth"


def test_a_customer_renamed_in_one_sandbox_shows_in_its_summary_only(sandbox, other_sandbox):
    # The unfiltered summary page is one statement each connection prepares once
    # (reelfake.db.compiled.PreparedQuery); PostgreSQL re-reads it in each world's schema.
    def summary(world):
        return APIClient().get(f"{prefix(world)}/api/customers/summary").json()["items"]

    first_id = summary(other_sandbox)[0]["id"]
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{schema_of(sandbox)}".customer SET first_name = %s WHERE id = %s',
            ["Renamed", first_id],
        )
    assert summary(sandbox)[0]["firstName"] == "Renamed"
    assert summary(other_sandbox)[0]["firstName"] != "Renamed"
