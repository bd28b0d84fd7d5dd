"""GET /api/health/live and /api/health/ready: cheap, unauthenticated."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_live_answers_ok(anon_client):
    response = anon_client.get("/api/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_answers_ready_with_the_schema_present(anon_client):
    response = anon_client.get("/api/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_ready_answers_503_when_the_database_is_unreachable(anon_client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = anon_client.get("/api/health/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "message": "Database unreachable"}


def test_ready_answers_503_when_the_schema_is_missing(anon_client):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE movie RENAME TO movie_away")
    response = anon_client.get("/api/health/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "message": "Schema missing"}


def test_health_ignores_a_broken_cookie(anon_client):
    anon_client.cookies["auth_token"] = "garbage"
    response = anon_client.get("/api/health/live")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_live_answer_is_exactly_the_status(anon_client):
    response = anon_client.get("/api/health/live")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == b'{"status":"ok"}'


def test_ready_answer_is_exactly_the_status(anon_client):
    assert anon_client.get("/api/health/ready").content == b'{"status":"ready"}'


def test_not_ready_answer_is_exactly_status_then_message(anon_client):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE movie RENAME TO movie_away")
    response = anon_client.get("/api/health/ready")
    assert response.content == b'{"status":"error","message":"Schema missing"}'
