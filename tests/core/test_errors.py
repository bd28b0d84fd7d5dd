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


def test_json_body_over_the_limit_answers_413(anon_client):
    body = '{"name": "' + "x" * (100 * 1024) + '"}'
    response = anon_client.post("/api/_probe/write", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "status": "error",
        "message": "Request body is too large: the limit is 100 kB",
    }
    assert not Genre.objects.exists()


@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
def test_deeply_nested_json_answers_400(anon_client, opening, closing):
    body = opening * 10_000 + ("1" if opening != "[" else "") + closing * 10_000
    response = anon_client.post("/api/_probe/write", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "JSON in request body is nested too deeply",
    }
    assert not Genre.objects.exists()


@pytest.mark.parametrize(
    "body", ['{"name": "a\\ud800b"}', '{"name": ["\\udfff"]}', '{"\\ud83d": "x"}']
)
def test_unpaired_surrogate_in_json_answers_400(anon_client, body):
    response = anon_client.post("/api/_probe/write", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Text values cannot contain unpaired surrogates",
    }
    assert not Genre.objects.exists()


def test_a_surrogate_pair_in_json_is_one_character(anon_client):
    response = anon_client.post(
        "/api/_probe/write", data='{"name": "\\ud83c\\udfac"}', content_type="application/json"
    )
    assert response.status_code == 201
    assert Genre.objects.get().genre_name == "\U0001f3ac"
