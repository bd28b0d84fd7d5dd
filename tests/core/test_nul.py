"""NUL characters never reach PostgreSQL: 400 with the standard body."""

import pytest

pytestmark = pytest.mark.django_db

NUL = {"status": "error", "message": "Text values cannot contain NUL characters"}


def test_nul_in_a_query_parameter_answers_400(anon_client):
    response = anon_client.get("/api/customers/summary?first_name=a%00b")
    assert response.status_code == 400
    assert response.json() == NUL


def test_nul_in_a_path_value_answers_400(anon_client):
    response = anon_client.get("/api/addresses/city/mel%00bourne")
    assert response.status_code == 400
    assert response.json() == NUL


def test_nul_in_a_json_body_answers_400(anon_client):
    response = anon_client.post(
        "/api/customers/register",
        data='{"firstName": "A\\u0000", "lastName": "B", "email": "a@b.c", "password": "x"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == NUL
