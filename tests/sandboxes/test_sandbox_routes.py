"""GET /api/sandbox, POST /api/sandbox/reset, DELETE /api/sandbox (inside a sandbox)."""

import pytest
from rest_framework.test import APIClient

from reelfake.db.seeding import DEMO_CUSTOMER_EMAIL
from sandboxes import services
from sandboxes.models import Sandbox
from tests.sandboxes.conftest import (
    MOVIE,
    login,
    manager_login,
    prefix,
    schema_of,
    table_counts,
)

pytestmark = pytest.mark.django_db


def test_sandbox_describes_itself(sandbox):
    response = APIClient().get(f"{prefix(sandbox)}/api/sandbox")
    assert response.status_code == 200
    body = response.json()
    assert body["baseUrl"] == sandbox["baseUrl"]
    assert body["expiresAt"] == sandbox["expiresAt"]
    assert body["rows"] == {"used": 0, "quota": 5000}
    assert set(body) == {"baseUrl", "createdAt", "lastUsedAt", "expiresAt", "rows"}


def test_rows_used_counts_added_rows(sandbox):
    manager_login(client := APIClient(), sandbox)
    client.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    body = APIClient().get(f"{prefix(sandbox)}/api/sandbox").json()
    assert body["rows"]["used"] == 1


def test_sandbox_route_in_the_main_world_is_404(db):
    response = APIClient().get("/api/sandbox")
    assert response.status_code == 404
    assert response.json()["message"].startswith("This request is not in a sandbox")


def test_reset_restores_the_seeded_rows(sandbox):
    seeded = table_counts(schema_of(sandbox))
    manager_login(client := APIClient(), sandbox)
    client.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    response = APIClient().post(f"{prefix(sandbox)}/api/sandbox/reset")
    assert response.status_code == 200
    assert response.json()["rows"]["used"] == 0
    assert table_counts(schema_of(sandbox)) == seeded


def test_reset_from_the_pool_swaps_in_a_fresh_schema(sandbox):
    services.pool_fill(size=1)
    before = schema_of(sandbox)
    manager_login(client := APIClient(), sandbox)
    client.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    APIClient().post(f"{prefix(sandbox)}/api/sandbox/reset")
    assert schema_of(sandbox) != before
    assert (
        APIClient().get(f"{prefix(sandbox)}/api/movies").json()["pagination"]["totalItems"] == 100
    )
    assert Sandbox.objects.get(schema_name=before).retired_at is not None


def test_reset_equals_a_fresh_clone(sandbox, other_sandbox):
    manager_login(client := APIClient(), sandbox)
    client.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    APIClient().post(f"{prefix(sandbox)}/api/sandbox/reset")
    assert table_counts(schema_of(sandbox)) == table_counts(schema_of(other_sandbox))
    first = APIClient().get(f"{prefix(sandbox)}/api/movies", {"page": "last"}).json()
    fresh = APIClient().get(f"{prefix(other_sandbox)}/api/movies", {"page": "last"}).json()
    assert first == fresh


def test_ids_continue_after_the_seeded_ones_after_a_reset(sandbox):
    APIClient().post(f"{prefix(sandbox)}/api/sandbox/reset")
    manager_login(client := APIClient(), sandbox)
    created = client.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    assert created.json()["id"] == 101


def test_token_survives_a_reset(sandbox):
    client = login(APIClient(), sandbox)
    APIClient().post(f"{prefix(sandbox)}/api/sandbox/reset")
    response = client.get(f"{prefix(sandbox)}/api/auth/me")
    assert response.json()["email"] == DEMO_CUSTOMER_EMAIL


def test_delete_answers_204_and_retires_the_schema(sandbox):
    schema = schema_of(sandbox)
    response = APIClient().delete(f"{prefix(sandbox)}/api/sandbox")
    assert response.status_code == 204
    retired = Sandbox.objects.get(schema_name=schema)
    assert retired.key_hash is None
    assert retired.retired_at is not None


def test_a_method_the_sandbox_route_lacks_is_an_unknown_route_with_sandboxes_off(settings, db):
    settings.REELFAKE_SANDBOXES = False
    response = APIClient().post("/api/sandbox")
    assert response.status_code == 404
    assert response.json() == {"message": "Route /api/sandbox does not exist"}


def test_a_method_the_creation_route_lacks_is_an_unknown_route(db):
    response = APIClient().get("/api/sandboxes")
    assert response.status_code == 404
    assert response.json() == {"message": "Route /api/sandboxes does not exist"}


def test_options_on_the_creation_route_answers_with_sandboxes_off(settings, db):
    settings.REELFAKE_SANDBOXES = False
    response = APIClient().options("/api/sandboxes")
    assert response.status_code == 200
    assert response.json()["name"] == "Sandbox Create"
