"""CORS allowlist with credentials and the Origin check on unsafe methods (docs/decisions.md)."""

import pytest
from django.http import HttpResponse

from movies.models import Genre

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]

REFUSED = "Requests from origin {} are not allowed"


def test_allowed_origin_gets_credentialed_cors_headers(anon_client):
    response = anon_client.get("/api/genres", HTTP_ORIGIN="http://localhost:5173")
    assert response["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert response["Access-Control-Allow-Credentials"] == "true"
    assert "origin" in response["Vary"].lower()


def test_loopback_ip_origin_is_allowed_by_default(anon_client):
    response = anon_client.get("/api/genres", HTTP_ORIGIN="http://127.0.0.1:3000")
    assert response["Access-Control-Allow-Origin"] == "http://127.0.0.1:3000"


def test_foreign_origin_gets_no_cors_headers(anon_client):
    response = anon_client.get("/api/genres", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 200
    assert response.json() == anon_client.get("/api/genres").json()
    assert "Access-Control-Allow-Origin" not in response


def test_request_without_origin_gets_no_cors_headers(anon_client):
    response = anon_client.get("/api/genres")
    assert "Access-Control-Allow-Origin" not in response


def test_request_without_origin_still_varies_on_origin(anon_client):
    response = anon_client.get("/api/genres")
    assert "origin" in [part.strip() for part in response["Vary"].split(",")]


def test_preflight_without_origin_answers_204_without_cors_headers(anon_client):
    response = anon_client.options("/api/movies", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert response.status_code == 204
    assert response.content == b""
    assert "Access-Control-Allow-Origin" not in response


def test_preflight_from_allowed_origin_answers_204_with_methods(anon_client):
    response = anon_client.options(
        "/api/movies",
        HTTP_ORIGIN="http://localhost:3000",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 204
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "http://localhost:3000"
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert {"GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"} <= methods
    assert "content-type" in response["Access-Control-Allow-Headers"]


def test_unsafe_request_from_foreign_origin_is_refused_and_writes_nothing(anon_client):
    response = anon_client.post(
        "/api/_probe/write", {"name": "Evil"}, format="json", HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert response.json() == {
        "status": "error",
        "message": REFUSED.format("https://evil.example"),
    }
    assert not Genre.objects.exists()


def test_unsafe_request_with_null_origin_is_refused(anon_client):
    response = anon_client.post(
        "/api/_probe/write", {"name": "Sandboxed"}, format="json", HTTP_ORIGIN="null"
    )
    assert response.status_code == 403
    assert response.json() == {"status": "error", "message": REFUSED.format("null")}
    assert not Genre.objects.exists()


def test_unsafe_request_from_allowed_origin_goes_through(anon_client):
    response = anon_client.post(
        "/api/_probe/write", {"name": "Local"}, format="json", HTTP_ORIGIN="http://localhost:3000"
    )
    assert response.status_code == 201
    assert Genre.objects.filter(genre_name="Local").exists()


def test_unsafe_request_from_the_servers_own_origin_goes_through(anon_client):
    response = anon_client.post(
        "/api/_probe/write", {"name": "Docs"}, format="json", HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 201
    assert Genre.objects.filter(genre_name="Docs").exists()


def test_unsafe_request_without_origin_goes_through(anon_client):
    response = anon_client.post("/api/_probe/write", {"name": "Curl"}, format="json")
    assert response.status_code == 201
    assert Genre.objects.filter(genre_name="Curl").exists()


def test_safe_request_from_foreign_origin_is_served(anon_client):
    response = anon_client.get("/api/genres", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 200
    assert response.json() == anon_client.get("/api/genres").json()


def test_configured_origin_is_allowed(anon_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    response = anon_client.post(
        "/api/_probe/write",
        {"name": "Configured"},
        format="json",
        HTTP_ORIGIN="https://app.example.com",
    )
    assert response.status_code == 201
    assert response["Access-Control-Allow-Origin"] == "https://app.example.com"


def test_the_cors_layer_runs_synchronously(rf):
    from reelfake.middleware import CorsMiddleware

    layer = CorsMiddleware(lambda request: HttpResponse("ok"))
    response = layer(rf.get("/api/genres", HTTP_ORIGIN="http://localhost:3000"))
    assert (CorsMiddleware.async_capable, layer.async_mode) == (False, False)
    assert response["Access-Control-Allow-Origin"] == "http://localhost:3000"
