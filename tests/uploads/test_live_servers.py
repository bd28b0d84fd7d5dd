"""Tracked jobs across real server processes (W11, W6): two gunicorn instances on one
database, a restart between the 202 and the stream, a dropped connection, a 1 GB upload."""

import json
import re
import socket
import time

import pytest

from movies.models import Movie
from tests.factories import PASSWORD
from tests.live import Client, Server, free_port, wait_until_steady
from tests.uploads.conftest import csv_bytes, numbered_rows
from uploads.models import UploadJob

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def servers(django_db_setup):
    first, second = Server(free_port()).start(), None
    try:
        second = Server(free_port()).start()
        yield first, second
    finally:
        first.stop()
        if second:
            second.stop()


@pytest.fixture
def manager_email(store_manager, reference_data):
    return store_manager.email


def tracked(client: Client, route: str, content: bytes, query: str = "") -> str:
    status, body = client.post_csv(f"/api/movies/upload/{route}?enable_tracking{query}", content)
    assert status == 202, body
    return "/api" + body["trackingUrl"]


def test_validation_posted_to_one_server_is_tracked_on_another(servers, manager_email):
    first, second = servers
    url = tracked(
        Client(first).login(manager_email, PASSWORD), "validate", csv_bytes(numbered_rows(5))
    )
    stream = Client(second).login(manager_email, PASSWORD).open_stream(url)
    events = stream.events()
    assert [event_id for event_id, _ in events] == [1, 2, 3, 4, 5, 6]
    assert events[-1][1] == {
        "status": "done",
        "totalRows": 5,
        "processedRowsCount": 5,
        "validRowsCount": 5,
        "invalidRowsCount": 0,
    }


def test_upload_survives_a_restart_between_202_and_tracking(servers, manager_email):
    first, _ = servers
    url = tracked(Client(first).login(manager_email, PASSWORD), "", csv_bytes(numbered_rows(4)))
    first.stop()
    first.start()
    events = Client(first).login(manager_email, PASSWORD).open_stream(url).events()
    assert events[-1][1] == {
        "status": "done",
        "totalRows": 4,
        "successRowsCount": 4,
        "failedRowsCount": 0,
    }
    assert Movie.objects.count() == 4


def test_dropped_stream_stops_inserting_and_reconnecting_resumes_without_duplicates(
    servers, manager_email
):
    first, second = servers
    client = Client(first).login(manager_email, PASSWORD)
    url = tracked(client, "", csv_bytes(numbered_rows(30)), "&delay_event_ms=100")
    stream = client.open_stream(url)
    seen = stream.events(5)
    stream.close()
    # The server stops at its first write to the dropped connection: then no row is
    # processed for six times the 100 ms between events.
    stalled_at = wait_until_steady(
        lambda: UploadJob.objects.get().next_row, quiet=0.6, what="the job's next row"
    )
    assert stalled_at < 31
    assert Movie.objects.count() == stalled_at - 1

    # EventSource reconnects with the id of the last event it received, maybe elsewhere.
    rest = Client(second).login(manager_email, PASSWORD).open_stream(url, last_event_id=5)
    events = seen + rest.events()
    assert [event_id for event_id, _ in events] == list(range(1, 32))
    assert events[-1][1]["successRowsCount"] == 30
    assert Movie.objects.count() == 30
    assert Movie.objects.values("tmdb_id").distinct().count() == 30


def read_response(sock: socket.socket) -> str:
    """One response, read until its body is complete (Content-Length) or the server closes
    the connection: headers and body may come in separate packets. The socket's timeout
    bounds the wait."""
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
            head, end, body = received.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length: *(\d+)", head)
            if end and length and len(body) >= int(length.group(1)):
                break
    except ConnectionResetError:
        pass
    return received.decode(errors="replace")


def test_one_gigabyte_upload_is_refused_before_it_is_sent(servers, manager_email):
    first, _ = servers
    client = Client(first).login(manager_email, PASSWORD)
    sock = socket.create_connection(("127.0.0.1", first.port), timeout=10)
    started = time.monotonic()
    sock.sendall(
        b"POST /api/movies/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: multipart/form-data; boundary=b\r\n"
        + f"Content-Length: {1024**3}\r\nCookie: auth_token={client.cookie}\r\n\r\n".encode()
        + b"--b\r\n"
        + b"x" * 65536
    )
    head = read_response(sock)
    elapsed = time.monotonic() - started
    sock.close()
    assert head.startswith("HTTP/1.1 413")
    assert '"message":"The file is too large: the limit is 20 MB"' in head
    assert elapsed < 5
    assert client.request("GET", "/api")[0] == 200


def test_chunked_csv_body_over_the_limit_is_refused_once_the_limit_is_passed(
    servers, manager_email
):
    first, _ = servers
    client = Client(first).login(manager_email, PASSWORD)
    sock = socket.create_connection(("127.0.0.1", first.port), timeout=10)
    sock.sendall(
        b"POST /api/movies/upload/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n"
        + f"Cookie: auth_token={client.cookie}\r\n\r\n".encode()
    )
    chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
    sent = 0
    try:
        while sent < 64 * 1024 * 1024:  # no Content-Length: refused as the limit is passed
            sock.sendall(chunk)
            sent += 0x10000
    except (BrokenPipeError, ConnectionResetError):
        pass
    head = read_response(sock)
    sock.close()
    assert head.startswith("HTTP/1.1 413")
    assert 20 * 1024 * 1024 < sent < 64 * 1024 * 1024
    assert client.request("GET", "/api")[0] == 200


def test_chunked_csv_body_is_read_to_its_end(servers, manager_email):
    first, _ = servers
    client = Client(first).login(manager_email, PASSWORD)
    content = csv_bytes(numbered_rows(3))
    conn = client.connect()
    pieces = (content[n : n + 100] for n in range(0, len(content), 100))
    conn.request(
        "POST",
        "/api/movies/upload/validate",
        body=pieces,
        headers=client.headers({"Content-Type": "text/csv"}),
        encode_chunked=True,
    )
    response = conn.getresponse()
    assert (response.status, json.loads(response.read())) == (
        200,
        {"totalRows": 3, "invalidRows": []},
    )
    conn.close()


def test_slow_stream_leaves_the_server_free_for_other_requests(servers, manager_email):
    first, _ = servers
    client = Client(first).login(manager_email, PASSWORD)
    url = tracked(client, "validate", csv_bytes(numbered_rows(5)), "&delay_event_ms=1000")
    stream = client.open_stream(url)
    stream.events(1)
    started = time.monotonic()
    statuses = [client.request("GET", "/api/genres")[0] for _ in range(5)]
    assert statuses == [200] * 5
    assert time.monotonic() - started < 2
    stream.close()
