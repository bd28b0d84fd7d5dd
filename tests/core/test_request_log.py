"""One structured log line per request, and the request id header."""

import io
import json
import logging
import re
from decimal import Decimal

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from reelfake.logs import JsonFormatter, info_record
from tests.factories import MovieFactory

pytestmark = pytest.mark.django_db


def test_response_carries_a_request_id(anon_client):
    response = anon_client.get("/api/genres")
    assert len(response["X-Request-ID"]) == 32


def test_valid_incoming_request_id_is_kept(anon_client):
    response = anon_client.get("/api/genres", HTTP_X_REQUEST_ID="lb-1234.abc")
    assert response["X-Request-ID"] == "lb-1234.abc"


def test_invalid_incoming_request_id_is_replaced(anon_client):
    response = anon_client.get("/api/genres", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


def test_each_request_logs_one_line_with_user_and_role(customer_client, customer, caplog):
    with caplog.at_level(logging.INFO, logger="reelfake.request"):
        response = customer_client.get("/api/auth/me")
    records = [r for r in caplog.records if r.name == "reelfake.request"]
    assert len(records) == 1
    record = records[0]
    assert (record.method, record.path, record.status) == ("GET", "/api/auth/me", 200)
    assert (record.user_id, record.role) == (customer.id, "CUSTOMER")
    assert record.request_id == response["X-Request-ID"]
    assert record.duration_ms >= 0


def test_anonymous_request_logs_no_user(anon_client, caplog):
    with caplog.at_level(logging.INFO, logger="reelfake.request"):
        anon_client.get("/api/nope")
    record = next(r for r in caplog.records if r.name == "reelfake.request")
    assert (record.status, record.user_id, record.role) == (404, None, None)


def test_json_formatter_writes_one_json_object_with_extras():
    record = logging.makeLogRecord(
        {"name": "reelfake.request", "levelname": "INFO", "msg": "GET / 200", "status": 200}
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "GET / 200"
    assert entry["status"] == 200
    assert entry["logger"] == "reelfake.request"


def test_unexpected_error_is_logged_with_traceback_not_returned(caplog):
    with caplog.at_level(logging.ERROR, logger="reelfake.errors"):
        with override_settings(ROOT_URLCONF="tests.urls"):
            response = APIClient().post("/api/_probe/write", {"explode": True}, format="json")
    assert response.status_code == 500
    error = next(r for r in caplog.records if r.name == "reelfake.errors")
    assert error.exc_info is not None
    assert "secret detail" in JsonFormatter().format(error)


@pytest.fixture
def log_lines():
    """The reelfake.request lines as the JsonFormatter writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("reelfake.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_request_log_line_holds_exactly_the_request_fields(anon_client, log_lines):
    anon_client.get("/api/genres", HTTP_X_REQUEST_ID="lb-42")
    [line] = log_lines()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line.pop("time"))
    assert isinstance(line.pop("duration_ms"), float)
    assert line == {
        "level": "INFO",
        "logger": "reelfake.request",
        "message": "GET /api/genres 200",
        "method": "GET",
        "path": "/api/genres",
        "status": 200,
        "user_id": None,
        "role": None,
        "request_id": "lb-42",
    }


def test_request_log_line_of_a_signed_in_user_names_their_id_and_role(
    customer_client, customer, log_lines
):
    customer_client.get("/api/auth/me")
    [line] = log_lines()
    assert (line["user_id"], line["role"]) == (customer.id, "CUSTOMER")


# The user fields name the account of a token this request verified, nothing else
# (docs/deployment.md "The request log line").

# Public reads answer every caller alike and never check a sent token (reference lists, the
# catalog's lists and details, the people summaries).
PUBLIC_READS = ["/api/genres", "/api/cities", "/api/movies", "/api/customers/summary"]


@pytest.fixture
def a_movie(db):
    """So that /api/movies answers 200 (an empty catalog is a 404)."""
    return MovieFactory()


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_request_log_line_of_a_public_read_names_no_user_though_a_valid_cookie_was_sent(
    a_movie, customer_client, path, log_lines
):
    response = customer_client.get(path)
    [line] = log_lines()
    assert (response.status_code, line["user_id"], line["role"]) == (200, None, None)


def test_request_log_line_of_a_public_read_names_no_user_for_a_forged_cookie(
    a_movie, customer_client, customer, log_lines
):
    token = customer_client.cookies["auth_token"].value
    forged = APIClient()
    forged.cookies["auth_token"] = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    response = forged.get("/api/movies")
    [line] = log_lines()
    assert (response.status_code, line["user_id"], line["role"]) == (200, None, None)


def test_request_log_line_of_a_refused_forged_cookie_names_no_user(
    customer_client, customer, log_lines
):
    token = customer_client.cookies["auth_token"].value
    forged = APIClient()
    forged.cookies["auth_token"] = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    response = forged.get("/api/auth/me")
    [line] = log_lines()
    assert (response.status_code, line["user_id"], line["role"]) == (401, None, None)


def test_request_log_line_shows_a_sandbox_key_by_its_first_characters(anon_client, log_lines):
    anon_client.get("/sandbox/abcdefghijklmnopqrstuvwxyz0123456789/api/genres")
    [line] = log_lines()
    assert line["path"] == "/sandbox/abcd…/api/genres"


def test_json_formatter_writes_the_time_in_utc_with_milliseconds():
    record = logging.makeLogRecord({"msg": "x", "created": 1764979200.25, "msecs": 250.0})
    assert json.loads(JsonFormatter().format(record))["time"] == "2025-12-06T00:00:00.250Z"


def test_json_formatter_writes_each_second_of_lines_in_order():
    formatter = JsonFormatter()
    times = [
        json.loads(formatter.format(logging.makeLogRecord({"created": t, "msecs": 0.0})))["time"]
        for t in (1764979200.0, 1764979201.0, 1764979200.0)
    ]
    assert times == [
        "2025-12-06T00:00:00.000Z",
        "2025-12-06T00:00:01.000Z",
        "2025-12-06T00:00:00.000Z",
    ]


def test_request_record_has_the_attributes_logger_info_would_give_it():
    logger = logging.getLogger("reelfake.request")
    fields = {"method": "GET", "status": 200}
    fast = vars(info_record(logger, "%s %s", ("GET", 200), fields))
    usual = vars(
        logger.makeRecord(
            logger.name,
            logging.INFO,
            "(unknown file)",
            0,
            "%s %s",
            ("GET", 200),
            None,
            extra=fields,
        )
    )
    for moment in ("created", "msecs", "relativeCreated"):
        assert abs(fast.pop(moment) - usual.pop(moment)) < 1000
    assert fast == usual


def test_request_record_comes_from_a_record_factory_when_one_is_set():
    made = []

    def factory(*args, **kwargs):
        made.append(args)
        return logging.LogRecord(*args, **kwargs)

    logging.setLogRecordFactory(factory)
    try:
        record = info_record(logging.getLogger("x"), "m %s", (1,), {"status": 200})
    finally:
        logging.setLogRecordFactory(logging.LogRecord)
    assert len(made) == 1
    assert (record.getMessage(), record.status) == ("m 1", 200)


def test_json_formatter_writes_an_integer_too_large_for_orjson():
    record = logging.makeLogRecord({"msg": "x", "big": 2**70})
    assert json.loads(JsonFormatter().format(record))["big"] == 2**70


def test_json_formatter_writes_what_json_cannot_encode_as_its_text():
    record = logging.makeLogRecord({"msg": "x", "when": Decimal("1.50")})
    assert json.loads(JsonFormatter().format(record))["when"] == "1.50"
