"""A Host header not in ALLOWED_HOSTS (scanners send them all day): the API's 400 body and
one warning line, not an HTML page and an error with a traceback."""

import logging

import pytest

pytestmark = pytest.mark.django_db


def test_disallowed_host_answers_400_with_the_error_body(anon_client):
    response = anon_client.get("/api/genres", HTTP_HOST="evil.example")
    assert (response.status_code, response["Content-Type"], response.json()) == (
        400,
        "application/json; charset=utf-8",
        {"status": "error", "message": "The Host header names no host this server answers for"},
    )


def test_disallowed_host_logs_one_warning_line_without_traceback(anon_client, caplog):
    with caplog.at_level(logging.INFO):
        anon_client.get("/api/genres", HTTP_HOST="evil.example")
    # One line for the bad host, and the access line every request gets.
    assert [(r.name, r.levelname, r.getMessage(), r.exc_info) for r in caplog.records] == [
        (
            "django.security.DisallowedHost",
            "WARNING",
            "Invalid HTTP_HOST header: 'evil.example'. "
            "You may need to add 'evil.example' to ALLOWED_HOSTS.",
            None,
        ),
        ("reelfake.request", "INFO", "GET /api/genres 400", None),
    ]
