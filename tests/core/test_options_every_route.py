"""OPTIONS on every documented route, by every role: DRF's metadata body (name, description,
renders, parses), never a 5xx. A careless client or a browser's tooling sends OPTIONS to any
route; DRF's default metadata builds the route's write serializer for `actions`, which broke
on a viewset without a serializer_class (OPTIONS /api/movies as a store manager was a 500)."""

from __future__ import annotations

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import anon_client  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ROLES = ("anon_client", "customer_client", "staff_client", "manager_client")


def documented_paths() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(re.sub(r"\{[^}]+\}", "1", path) for path in schema["paths"])


PATHS = documented_paths()


@pytest.mark.parametrize("role", ROLES)
def test_options_answers_metadata_on_every_route(request, role):
    client = request.getfixturevalue(role)
    failures = {}
    for path in PATHS:
        response = client.options(path)
        body = response.json() if response["Content-Type"].startswith("application/json") else None
        if response.status_code >= 500 or not isinstance(body, dict):
            failures[path] = (response.status_code, response.content[:200])
        elif response.status_code == 200 and "actions" in body:
            failures[path] = (200, "actions listed: write bodies are documented in /api/docs")
    assert failures == {}


def test_options_on_the_movie_list_as_a_manager_is_the_metadata(manager_client):
    response = manager_client.options("/api/movies")
    assert response.status_code == 200
    assert response.json() == {
        "name": "Movie List",
        "description": "",
        "renders": ["application/json"],
        "parses": ["application/json"],
    }
