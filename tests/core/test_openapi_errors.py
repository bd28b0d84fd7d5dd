"""The OpenAPI schema documents the answers shared plumbing gives on every route, so a
client (and `make fuzz`, which checks every status code against the schema) is never
surprised: 400 everywhere (NUL in the path or query, a bad `delay`: refused by middleware
before any view), 404 wherever a path parameter may hold a value no route matches, 414
everywhere (the HTTP server's limit on the request line)."""

import pytest

from tests.robustness.sweep import operations, schema

pytestmark = pytest.mark.django_db

ALL = [pytest.param(operation, id=operation.key) for operation in operations()]
WITH_PATH = [
    pytest.param(operation, id=operation.key)
    for operation in operations()
    if any(place.location == "path" for place in operation.params)
]


def responses_of(operation) -> dict:
    return schema()["paths"][operation.path][operation.method.lower()]["responses"]


@pytest.mark.parametrize("operation", ALL)
def test_every_operation_documents_400(operation):
    assert "400" in responses_of(operation)


@pytest.mark.parametrize("operation", ALL)
def test_every_operation_documents_the_servers_414(operation):
    # gunicorn refuses a request line over 4,094 bytes with its own body: make fuzz sent
    # 60 repeated delay_event_ms values to POST /api/movies/upload/validate.
    assert responses_of(operation)["414"] == {"description": "Request line too long"}


@pytest.mark.parametrize("operation", WITH_PATH)
def test_every_operation_with_a_path_parameter_documents_404(operation):
    assert "404" in responses_of(operation)


def test_cities_answers_the_documented_400_for_a_nul_in_a_parameter_name(anon_client):
    # The request make fuzz sent (issue 13 item 18), shortened: 400, then undocumented.
    response = anon_client.get("/api/cities?%C3%92%C3%8F%03%C2%B3%00=true&includeCountry=true")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Text values cannot contain NUL characters",
    }
    assert "400" in schema()["paths"]["/api/cities"]["get"]["responses"]
