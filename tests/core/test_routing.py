"""Unknown routes and methods, trailing slashes, case-insensitive paths, content type."""

import pytest

pytestmark = pytest.mark.django_db

JSON_UTF8 = "application/json; charset=utf-8"


def test_unknown_route_answers_404_with_path_and_query(anon_client):
    response = anon_client.get("/api/nope?x=1")
    assert response.status_code == 404
    assert response.json() == {"message": "Route /api/nope?x=1 does not exist"}


def test_unknown_route_outside_api_answers_the_same_404(anon_client):
    response = anon_client.get("/nothing/here")
    assert response.status_code == 404
    assert response.json() == {"message": "Route /nothing/here does not exist"}


def test_unknown_method_on_known_route_answers_route_404(anon_client):
    response = anon_client.patch("/api/genres")
    assert response.status_code == 404
    assert response.json() == {"message": "Route /api/genres does not exist"}


def test_post_to_read_only_list_answers_route_404(anon_client):
    response = anon_client.post("/api/genres?a=b", {}, format="json")
    assert response.status_code == 404
    assert response.json() == {"message": "Route /api/genres?a=b does not exist"}


def test_route_404_has_json_utf8_content_type(anon_client):
    response = anon_client.get("/api/nope")
    assert response["Content-Type"] == JSON_UTF8


def test_trailing_slash_serves_the_same_route_without_redirect(anon_client):
    with_slash = anon_client.get("/api/genres/")
    without_slash = anon_client.get("/api/genres")
    assert with_slash.status_code == 200
    assert with_slash.json() == without_slash.json()


def test_api_root_answers_with_and_without_slash(anon_client):
    without_slash = anon_client.get("/api")
    with_slash = anon_client.get("/api/")
    assert (without_slash.status_code, with_slash.status_code) == (200, 200)
    assert with_slash.json() == without_slash.json() == {"name": "reelfake-api", "version": "1.0.0"}


def test_path_is_matched_case_insensitively(anon_client):
    response = anon_client.get("/API/Genres")
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_path_that_only_starts_like_api_is_unknown(anon_client):
    response = anon_client.get("/apigenres")
    assert response.status_code == 404
    assert response.json() == {"message": "Route /apigenres does not exist"}


def test_json_responses_carry_the_utf8_charset(anon_client):
    response = anon_client.get("/api/genres")
    assert response["Content-Type"] == JSON_UTF8
