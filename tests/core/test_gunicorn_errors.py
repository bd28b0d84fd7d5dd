"""gunicorn's own answers (requests it cannot parse or that pass its limits, before the app
runs) carry the API's error body (gunicorn.conf.py, docs/deployment.md "gunicorn's own
errors")."""

import json

import pytest

from tests.live import Server, exchange, free_port, request_line


@pytest.fixture(scope="module")
def server(django_db_setup):
    server = Server(free_port()).start()
    try:
        yield server
    finally:
        server.stop()


def test_malformed_request_line_answers_400_with_the_error_body(server):
    status, headers, body = exchange(server.port, b"GET /api HTTP/1.1 junk\r\nHost: x\r\n\r\n")
    assert (status, headers["content-type"], json.loads(body)) == (
        400,
        "application/json",
        {
            "status": "error",
            "message": "Invalid HTTP Version 'Invalid HTTP Version: 'HTTP/1.1 junk''",
        },
    )


def test_request_line_over_8190_bytes_answers_414_with_the_error_body(server):
    status, headers, body = exchange(server.port, request_line(8191) + b"\r\nHost: x\r\n\r\n")
    assert (status, headers["content-type"], json.loads(body)) == (
        414,
        "application/json",
        {"status": "error", "message": "Request Line is too large (8191 > 8190)"},
    )


def more_header_fields_than_gunicorn_takes() -> bytes:
    fields = b"".join(b"X-Field-%d: 1\r\n" % n for n in range(101))
    return b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields + b"\r\n"


def test_more_than_100_header_fields_answer_431_with_the_error_body(server):
    status, headers, body = exchange(server.port, more_header_fields_than_gunicorn_takes())
    assert (status, headers["content-type"], json.loads(body)) == (
        431,
        "application/json",
        {"status": "error", "message": "Error parsing headers: 'limit request headers fields'"},
    )
