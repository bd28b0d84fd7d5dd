"""nginx in front of gunicorn (deploy/nginx/reelfake.conf.template, docs/deployment.md): slow
clients wait on nginx, never on a gunicorn thread, and the errors nginx answers itself carry
the API's error body. A real nginx (`make proxy` installs it) in front of a real gunicorn
(one worker, 8 threads), on loopback."""

from __future__ import annotations

import http.client
import json
import socket

import pytest

from tests.live import (
    Client,
    Proxy,
    Server,
    exchange,
    free_port,
    request_line,
    wait_until_accepted,
)

# The servers use the test database (django_db_setup); the tests themselves read nothing
# from it, and only the login attempt writes (a failed-login record): that one is marked
# transactional, so the record is flushed after it.
SLOW_SOCKETS = 70
# Generous bounds for liveness, not speed: a stalled server never answers within them.
ANSWER_WITHIN_SECONDS = 20
# The proxy that shows the closing of slow bodies waits 2 s for them (deployments: 10 s,
# docker-compose.yml). The others wait longer than any test runs, so that only buffering
# can keep the API answering while slow bodies are open.
SHORT_CLIENT_TIMEOUT = "2s"
LONG_CLIENT_TIMEOUT = "120s"


@pytest.fixture(scope="module")
def upstream(django_db_setup):
    server = Server(
        free_port(),
        env={"TRUSTED_PROXY_COUNT": "1", "ALLOWED_HOSTS": "127.0.0.1,api.reelfake.test"},
    ).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def proxy(upstream):
    nginx = Proxy(upstream, free_port(), client_timeout=LONG_CLIENT_TIMEOUT)
    try:
        yield nginx.start()
    finally:
        nginx.stop()


@pytest.fixture
def impatient_proxy(upstream):
    nginx = Proxy(upstream, free_port(), client_timeout=SHORT_CLIENT_TIMEOUT)
    try:
        yield nginx.start()
    finally:
        nginx.stop()


def slow_body(port: int) -> socket.socket:
    """A POST that announces 50,000 bytes of body and sends 7."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=ANSWER_WITHIN_SECONDS)
    sock.sendall(
        b"POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 50000\r\n\r\n"
        b'{"a": 1'
    )
    return sock


def slow_headers(port: int) -> socket.socket:
    """A GET whose headers never end."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=ANSWER_WITHIN_SECONDS)
    sock.sendall(b"GET /api/genres HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return sock


def open_slow_requests(port: int, count: int, opener=slow_body) -> list[socket.socket]:
    sockets = []
    try:
        for _ in range(count):
            sockets.append(opener(port))
    except BaseException:
        close_all(sockets)
        raise
    return sockets


def close_all(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        sock.close()


def genres_status(port: int, timeout: float = ANSWER_WITHIN_SECONDS) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/api/genres")
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.mark.parametrize("opener", [slow_body, slow_headers])
def test_seventy_slow_requests_through_the_proxy_leave_the_api_answering(proxy, opener):
    sockets = open_slow_requests(proxy.port, SLOW_SOCKETS, opener)
    try:
        assert genres_status(proxy.port) == 200
    finally:
        close_all(sockets)


@pytest.mark.parametrize("opener", [slow_body, slow_headers])
def test_the_proxy_closes_slow_requests_after_its_client_timeout(impatient_proxy, opener):
    sockets = open_slow_requests(impatient_proxy.port, SLOW_SOCKETS, opener)
    try:
        # nginx drops the connection without an answer (its 408 is never sent).
        assert [sock.recv(1024) for sock in sockets] == [b""] * SLOW_SOCKETS
    finally:
        close_all(sockets)


@pytest.fixture(scope="module")
def bare_gunicorn(django_db_setup):
    server = Server(free_port(), env={"GUNICORN_THREADS": "4"}).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("opener", [slow_body, slow_headers])
def test_slow_requests_sent_straight_to_gunicorn_stall_it(bare_gunicorn, opener):
    # Why the proxy: without it, one slow request holds one gunicorn thread for as long as
    # the client likes. Four threads here, four slow requests; closing them frees the server.
    sockets = open_slow_requests(bare_gunicorn.port, 4, opener)
    try:
        # Each reaches a thread: the gthread worker hands a connection to its pool as soon
        # as it accepts it.
        wait_until_accepted(bare_gunicorn.port)
        with pytest.raises(TimeoutError):
            genres_status(bare_gunicorn.port, timeout=3)
    finally:
        close_all(sockets)
    assert genres_status(bare_gunicorn.port) == 200


def test_header_line_over_8_kb_answers_431_with_the_error_body(proxy):
    status, headers, body = exchange(
        proxy.port, b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n"
    )
    assert (status, headers["content-type"], json.loads(body)) == (
        431,
        "application/json",
        {"status": "error", "message": "Request headers are too large: the limit is 8 kB a line"},
    )


def test_request_line_over_8_kb_answers_414_with_the_error_body(proxy):
    status, headers, body = exchange(
        proxy.port, request_line(8191) + b"\r\nHost: 127.0.0.1\r\n\r\n"
    )
    assert (status, headers["content-type"], json.loads(body)) == (
        414,
        "application/json",
        {"status": "error", "message": "Request line is too long: the limit is 8 kB"},
    )


def test_longest_request_line_the_proxy_passes_is_served_by_the_app(proxy):
    status, _, body = exchange(
        proxy.port, request_line(8190) + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    assert (status, json.loads(body)["name"]) == (200, "reelfake-api")


def test_malformed_request_line_answers_400_with_the_error_body(proxy):
    status, headers, body = exchange(
        proxy.port, b"GET /api HTTP/1.1 junk\r\nHost: 127.0.0.1\r\n\r\n"
    )
    assert (status, headers["content-type"], json.loads(body)) == (
        400,
        "application/json",
        {"status": "error", "message": "Bad request: the request line or headers are malformed"},
    )


def test_body_over_21_mb_is_refused_with_the_error_body_before_it_is_sent(proxy):
    status, headers, body = exchange(
        proxy.port,
        b"POST /api/movies/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + f"Content-Length: {22 * 1024 * 1024}\r\n\r\n".encode(),
    )
    assert (status, headers["content-type"], json.loads(body)) == (
        413,
        "application/json",
        {"status": "error", "message": "Request body is too large: the limit is 21 MB"},
    )


def test_more_header_fields_than_gunicorn_takes_answer_431_with_the_error_body(proxy):
    # nginx counts bytes, not fields: gunicorn answers this one, with the API's body too
    # (tests/core/test_gunicorn_errors.py).
    fields = b"".join(b"X-Field-%d: 1\r\n" % n for n in range(101))
    status, headers, body = exchange(
        proxy.port, b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields + b"\r\n"
    )
    assert (status, headers["content-type"], json.loads(body)) == (
        431,
        "application/json",
        {"status": "error", "message": "Error parsing headers: 'limit request headers fields'"},
    )


def test_error_pages_of_the_proxy_are_not_routes(proxy):
    status, headers, body = exchange(
        proxy.port, b"GET /_proxy_error/400 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    assert (status, json.loads(body)) == (
        404,
        {"status": "error", "message": "Resources not found"},
    )


def test_app_errors_pass_through_the_proxy_unchanged(proxy):
    status, _, body = Client(proxy).request(
        "POST",
        "/api/auth/login",
        b'{"email": ',
        {"Content-Type": "application/json"},
    )
    assert (status, json.loads(body)) == (
        400,
        {"status": "error", "message": "Malformed JSON in request body"},
    )


@pytest.mark.django_db(transaction=True)
def test_a_page_of_the_proxied_origin_may_post(proxy):
    # Host reaches the app with its port, so the app knows its own origin behind the proxy
    # (api.reelfake.test is on no CORS allowlist: only "same origin" lets this POST in).
    origin = f"http://api.reelfake.test:{proxy.port}"
    body = json.dumps({"email": "nobody@example.com", "password": "wrong-password"}).encode()
    status, _, answer = exchange(
        proxy.port,
        b"POST /api/auth/login HTTP/1.1\r\n"
        + f"Host: api.reelfake.test:{proxy.port}\r\nOrigin: {origin}\r\n".encode()
        + f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n".encode()
        + b"Connection: close\r\n\r\n"
        + body,
    )
    # A foreign origin would get 403.
    assert (status, json.loads(answer)) == (
        401,
        {"status": "error", "message": "Invalid email or password"},
    )


def test_gunicorn_down_answers_503_with_the_error_body(django_db_setup):
    upstream = Server(free_port())  # never started: nothing listens on its port
    nginx = Proxy(upstream, free_port())
    try:
        nginx.start(wait_for_upstream=False)
        status, headers, body = exchange(
            nginx.port, b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
    finally:
        nginx.stop()
    assert (status, headers["content-type"], json.loads(body)) == (
        503,
        "application/json",
        {"status": "error", "message": "The API server is not available, try again shortly"},
    )
