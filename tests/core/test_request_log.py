"""One structured log line per request, and the request id header."""

import json
import logging

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from reelfake.logs import JsonFormatter

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
