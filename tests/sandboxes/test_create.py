"""POST /api/sandboxes."""

import re

from reelfake.db.seeding import DEMO_CUSTOMER_EMAIL, DEMO_PASSWORD
from sandboxes.models import Sandbox
from tests.conftest import error
from tests.sandboxes.conftest import create


def test_create_answers_key_base_url_expiry_and_logins(db):
    body = create()
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", body["key"])
    assert body["baseUrl"] == f"http://testserver/sandbox/{body['key']}/api"
    assert body["expiresAt"].endswith("Z")
    assert {"role": "customer", "email": DEMO_CUSTOMER_EMAIL, "password": DEMO_PASSWORD} in body[
        "logins"
    ]


def test_registry_stores_only_the_hash_of_the_key(db):
    body = create()
    sandbox = Sandbox.objects.get()
    assert body["key"] not in (sandbox.key_hash, sandbox.schema_name)
    assert len(sandbox.key_hash) == 64


def test_new_sandbox_holds_the_seeded_movies(anon_client, sandbox):
    response = anon_client.get(f"/sandbox/{sandbox['key']}/api/movies")
    assert response.status_code == 200
    assert response.json()["pagination"]["totalItems"] == 100


def test_header_addresses_the_sandbox_too(anon_client, sandbox):
    response = anon_client.get("/api/movies", HTTP_X_REELFAKE_SANDBOX=sandbox["key"])
    assert response.json()["pagination"]["totalItems"] == 100


def test_main_world_stays_empty(anon_client, sandbox):
    response = anon_client.get("/api/movies")
    assert (response.status_code, response.json()) == (
        404,
        error("No data found with the given query"),
    )
