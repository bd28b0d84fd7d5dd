"""Addressing a sandbox: /sandbox/<key>/… and X-Reelfake-Sandbox (docs/sandboxes.md)."""

import io
import json
from datetime import timedelta

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import escapejs
from rest_framework.test import APIClient

from reelfake.wsgi import application
from sandboxes.models import Sandbox
from tests.sandboxes.conftest import prefix

pytestmark = pytest.mark.django_db

NOT_FOUND = {"status": "error", "message": "Sandbox not found"}


@pytest.mark.parametrize(
    "key", ["short", "x" * 31, "a" * 31 + "!", "a" * 65, "%27%3B--" + "a" * 30, ""]
)
def test_malformed_key_is_404_without_a_query(key, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = APIClient().get(f"/sandbox/{key}/api/movies")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_malformed_header_key_is_404_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = APIClient().get("/api/movies", HTTP_X_REELFAKE_SANDBOX="nope")
    assert response.json() == NOT_FOUND


def test_unknown_key_is_404(db):
    response = APIClient().get(f"/sandbox/{'a' * 32}/api/movies")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_expired_sandbox_is_404(sandbox):
    Sandbox.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = APIClient().get(f"{prefix(sandbox)}/api/movies")
    assert response.json() == NOT_FOUND


def test_deleted_sandbox_is_404(sandbox):
    assert APIClient().delete(f"{prefix(sandbox)}/api/sandbox").status_code == 204
    response = APIClient().get(f"{prefix(sandbox)}/api/movies")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_routes_under_the_prefix_keep_the_contract_404(sandbox):
    response = APIClient().get(f"{prefix(sandbox)}/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["message"] == f"Route {prefix(sandbox)}/api/nothing-here does not exist"


def test_routes_under_the_prefix_are_case_insensitive(sandbox):
    response = APIClient().get(f"{prefix(sandbox)}/API/Movies")
    expected = APIClient().get(f"{prefix(sandbox)}/api/movies")
    assert (response.status_code, response.json()) == (200, expected.json())
    assert response.json()["pagination"]["totalItems"] == 100  # the sandbox's seeded movies


def test_pagination_links_are_relative_to_the_sandbox_url(sandbox):
    body = APIClient().get(f"{prefix(sandbox)}/api/movies").json()
    assert body["pagination"]["next"] == "?page=2"


def test_tracking_url_is_relative_to_the_sandbox_base_url(sandbox):
    from tests.sandboxes.conftest import manager_login
    from tests.uploads.conftest import csv_bytes, numbered_rows, post_csv

    manager = manager_login(APIClient(), sandbox)
    upload = post_csv(
        manager, f"{prefix(sandbox)}/api/movies/upload?enable_tracking", csv_bytes(numbered_rows(1))
    )
    stream = manager.get(
        sandbox["baseUrl"].removeprefix("http://testserver") + upload.json()["trackingUrl"]
    )
    assert stream.status_code == 200
    assert stream["Content-Type"].startswith("text/event-stream")


def test_docs_page_loads_the_sandbox_schema(sandbox):
    response = APIClient().get(f"{prefix(sandbox)}/api/docs")
    assert response.status_code == 200
    # The template writes the URL through escapejs (slashes and dashes as unicode escapes).
    assert escapejs(f"{prefix(sandbox)}/openapi.json").encode() in response.content


def test_sandbox_schema_names_the_sandbox_as_its_server(sandbox):
    response = APIClient().get(f"{prefix(sandbox)}/openapi.json")
    assert response.json()["servers"] == [{"url": prefix(sandbox)}]


def test_main_world_schema_names_no_server(db):
    assert "servers" not in APIClient().get("/openapi.json").json()


def test_the_script_prefix_is_the_servers_again_after_a_sandbox_request(sandbox):
    APIClient().get(f"{prefix(sandbox)}/api/genres")
    assert get_script_prefix() == "/"


def served(path: str) -> dict:
    """GET `path` through the server's WSGI application (reelfake/wsgi.py), as gunicorn calls
    it, without closing the test's database connection (as Django's test client does not)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses = []
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(
            environ, lambda status, headers, exc_info=None: statuses.append(status)
        )
        body = b"".join(result)
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert statuses == ["200 OK"]
    return json.loads(body)


def test_through_the_server_a_sandbox_schema_names_the_sandbox_as_its_server(sandbox):
    assert served(f"{prefix(sandbox)}/openapi.json")["servers"] == [{"url": prefix(sandbox)}]


def test_through_the_server_a_main_world_request_after_a_sandbox_request_names_no_server(sandbox):
    served(f"{prefix(sandbox)}/openapi.json")
    assert "servers" not in served("/openapi.json")


def test_the_header_enters_the_sandbox_whatever_its_case(sandbox):
    response = APIClient().get("/api/sandbox", headers={"x-REELFAKE-sandbox": sandbox["key"]})
    assert response.status_code == 200
    assert response.json()["baseUrl"] == f"http://testserver{prefix(sandbox)}/api"


def test_use_is_recorded_at_most_once_a_minute(sandbox, django_assert_num_queries):
    Sandbox.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    APIClient().get(f"{prefix(sandbox)}/api/genres")
    touched = Sandbox.objects.get().last_used_at
    assert timezone.now() - touched < timedelta(seconds=30)
    APIClient().get(f"{prefix(sandbox)}/api/genres")
    assert Sandbox.objects.get().last_used_at == touched


def test_sandbox_paths_are_ordinary_404s_with_sandboxes_off(sandbox, settings):
    settings.REELFAKE_SANDBOXES = False
    response = APIClient().get(f"{prefix(sandbox)}/api/movies")
    assert response.status_code == 404
    assert response.json()["message"].startswith("Route ")


def test_request_log_shows_only_the_start_of_a_key(sandbox, caplog):
    with caplog.at_level("INFO", logger="reelfake.request"):
        APIClient().get(f"{prefix(sandbox)}/api/genres")
    record = caplog.records[-1]
    assert record.path == f"/sandbox/{sandbox['key'][:4]}…/api/genres"
    assert sandbox["key"] not in record.getMessage()
