"""GET /, GET /api, GET /api/test."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_welcome_page_is_html(anon_client):
    response = anon_client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Welcome to Reelfake API..." in response.content.decode()


def test_api_root_names_the_api_and_version(anon_client):
    response = anon_client.get("/api")
    assert response.status_code == 200
    assert response.json() == {"name": "reelfake-api", "version": "1.0.0"}


def test_api_root_adds_build_at_when_set(anon_client, settings):
    settings.BUILD_AT = "2026-11-28T10:00:00Z"
    response = anon_client.get("/api")
    assert response.json() == {
        "name": "reelfake-api",
        "version": "1.0.0",
        "BUILD_AT": "2026-11-28T10:00:00Z",
    }


def test_api_root_answer_is_exactly_name_version_then_build_at(anon_client, settings):
    settings.BUILD_AT = "2026-11-28T10:00:00Z"
    response = anon_client.get("/api")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == (
        b'{"name":"reelfake-api","version":"1.0.0","BUILD_AT":"2026-11-28T10:00:00Z"}'
    )


def test_database_health_answer_is_exactly_status_then_message(anon_client, settings):
    settings.DEBUG = False
    response = anon_client.get("/api/test")
    assert response.content == b'{"status":"RUNNING","message":"Database is running"}'


def test_database_health_details_keep_their_key_order(anon_client, settings):
    settings.DEBUG = True
    body = anon_client.get("/api/test").json()
    assert list(body) == ["status", "message", "db"]
    assert list(body["db"]) == ["dialect", "dbName", "dbVersion", "tables"]


def test_database_health_reports_running_without_details(anon_client, settings):
    settings.DEBUG = False
    response = anon_client.get("/api/test")
    assert response.status_code == 200
    assert response.json() == {"status": "RUNNING", "message": "Database is running"}


def test_database_health_shows_details_in_debug_mode(anon_client, settings):
    settings.DEBUG = True
    body = anon_client.get("/api/test").json()
    assert body["db"]["dialect"] == "postgres"
    assert body["db"]["dbName"] == connection.settings_dict["NAME"]
    assert {"genre", "movie", "rental", "customer"} <= set(body["db"]["tables"])


def test_database_failure_answers_500_with_generic_message(anon_client, settings, monkeypatch):
    settings.DEBUG = False

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("connection to server at 10.0.0.1 refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = anon_client.get("/api/test")
    assert response.status_code == 500
    assert response.json() == {"status": "ERROR", "message": "Internal server error"}


def test_database_failure_answer_is_exactly_status_then_message(anon_client, settings, monkeypatch):
    settings.DEBUG = False

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = anon_client.get("/api/test")
    assert response.content == b'{"status":"ERROR","message":"Internal server error"}'
