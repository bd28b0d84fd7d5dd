"""The frontend toolkit inside sandboxes: the inspector records a sandbox's requests into that
sandbox, standing settings and events stay in their world (docs/toolkit.md, docs/sandboxes.md)."""

import pytest
from rest_framework.test import APIClient

from tests.reference import arrived, reference_cache  # noqa: F401 (a fixture)
from tests.sandboxes.conftest import create, prefix

pytestmark = pytest.mark.django_db


INJECTED = {"status": "error", "message": "Injected failure (fail=503)"}


def genres(client: APIClient, sandbox: dict) -> tuple:
    """Status and body of a sandbox's genre list, the body cut to its first genre (a seeded
    world's is Action) unless it is an error."""
    response = client.get(f"{prefix(sandbox)}/api/genres")
    body = response.json()
    return response.status_code, body["items"][0]["genreName"] if "items" in body else body


def inspector_paths(client: APIClient, sandbox: dict) -> list[str]:
    response = client.get(f"{prefix(sandbox)}/api/_inspector/requests")
    assert response.status_code == 200, response.content
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    return [item["path"] for item in items]


def test_a_sandbox_request_is_recorded_in_that_sandboxs_inspector():
    client = APIClient()
    sandbox = create(client)
    client.get(f"{prefix(sandbox)}/api/genres?mark=a")
    assert any("mark=a" in path for path in inspector_paths(client, sandbox))


def test_another_sandboxs_inspector_does_not_show_the_request():
    client = APIClient()
    first, second = create(client), create(client)
    client.get(f"{prefix(first)}/api/genres?mark=only-first")
    assert not any("only-first" in path for path in inspector_paths(client, second))


def test_a_request_by_header_is_recorded_in_that_sandbox():
    client = APIClient()
    sandbox = create(client)
    client.get("/api/genres?mark=header", HTTP_X_REELFAKE_SANDBOX=sandbox["key"])
    assert any("mark=header" in path for path in inspector_paths(client, sandbox))


def test_an_unknown_sandbox_answers_404_with_cors_headers_for_an_allowed_origin():
    response = APIClient().get(
        "/sandbox/" + "A" * 32 + "/api/genres", HTTP_ORIGIN="http://localhost:3000"
    )
    assert response.status_code == 404
    assert response.json() == {"status": "error", "message": "Sandbox not found"}
    assert response["Access-Control-Allow-Origin"] == "http://localhost:3000"


def test_a_write_to_the_read_only_main_world_answers_403_with_cors_headers():
    response = APIClient().post(
        "/api/genres", {}, format="json", HTTP_ORIGIN="http://localhost:3000"
    )
    assert response.status_code == 403
    assert response.json()["message"].endswith("create a sandbox: POST /api/sandboxes")
    assert response["Access-Control-Allow-Origin"] == "http://localhost:3000"


def test_standing_failures_of_one_sandbox_do_not_reach_another():
    client = APIClient()
    first, second = create(client), create(client)
    settings_url = f"{prefix(first)}/api/_toolkit/settings"
    put = client.put(settings_url, {"failRate": 1, "failStatuses": [503]}, format="json")
    assert put.status_code == 200, put.content
    assert genres(client, first) == (503, INJECTED)
    assert genres(client, second) == (200, "Action")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_cache")
def test_a_reset_sandbox_no_longer_answers_its_kept_standing_failures():
    client = APIClient()
    sandbox = create(client)
    settings_url = f"{prefix(sandbox)}/api/_toolkit/settings"
    body = {"failRate": 1, "failStatuses": [503], "routes": ["/api/genres"]}
    client.put(settings_url, body, format="json")
    assert genres(client, sandbox) == (503, INJECTED)  # kept now
    reset = client.post(f"{prefix(sandbox)}/api/sandbox/reset")
    assert (reset.status_code, reset.json()["rows"]["used"]) == (200, 0)
    arrived()
    assert genres(client, sandbox) == (200, "Action")
