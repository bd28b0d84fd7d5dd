"""The one exception handler: malformed JSON, unexpected errors, other content types."""

import pytest

from movies.models import Genre

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]


def test_malformed_json_answers_400_with_message(anon_client):
    response = anon_client.post(
        "/api/_probe/write", data='{"name": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"status": "error", "message": "Malformed JSON in request body"}
    assert not Genre.objects.exists()


def test_unexpected_error_answers_500_without_details(anon_client):
    response = anon_client.post("/api/_probe/write", {"explode": True}, format="json")
    assert response.status_code == 500
    assert response.json() == {"status": "error", "message": "Internal server error"}
    assert "secret" not in response.content.decode()


def test_body_in_another_content_type_is_read_as_empty(anon_client):
    response = anon_client.post("/api/_probe/write", data="name=X", content_type="text/plain")
    assert response.status_code == 201
    assert Genre.objects.get().genre_name == "Probe"


def test_json_body_is_parsed(anon_client):
    response = anon_client.post("/api/_probe/write", {"name": "Noir"}, format="json")
    assert response.status_code == 201
    assert Genre.objects.get(id=response.json()["id"]).genre_name == "Noir"
