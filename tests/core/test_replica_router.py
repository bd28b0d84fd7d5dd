"""The optional read replica: which database each query goes to."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from reelfake.db.routers import ReadOnlyRequestMiddleware, ReadReplicaRouter
from tests.core.test_schema import database_url
from tests.factories import GenreFactory

router = ReadReplicaRouter()


def run_request(method, view_class=None):
    """The database a read would use while the view of a `method` request runs."""
    seen = {}

    def view(request):
        seen["read"] = router.db_for_read(None)
        seen["write"] = router.db_for_write(None)
        return HttpResponse()

    if view_class is not None:
        view.cls = view_class
    middleware = ReadOnlyRequestMiddleware(lambda request: middleware_view(request))

    def middleware_view(request):
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware(getattr(RequestFactory(), method.lower())("/api/movies"))
    return seen


def test_reads_of_a_get_request_go_to_the_replica():
    assert run_request("GET") == {"read": "replica", "write": "default"}


def test_reads_of_a_writing_request_stay_on_the_primary():
    assert run_request("POST")["read"] == "default"


def test_a_view_can_ask_for_the_primary():
    class Stream:
        reads_from_primary = True

    assert run_request("GET", Stream)["read"] == "default"


def test_outside_a_request_reads_go_to_the_primary():
    run_request("GET")
    assert router.db_for_read(None) == "default"


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("default", "movies") is True
    assert router.allow_migrate("replica", "movies") is False


@pytest.mark.django_db(transaction=True)
def test_server_configured_with_a_replica_serves_reads_and_writes():
    GenreFactory(genre_name="Replicated")
    url = database_url(connection.settings_dict["NAME"])
    script = (
        "from django.test import Client\n"
        "from django.db import connections\n"
        "c = Client()\n"
        "r = c.get('/api/genres')\n"
        "print(r.status_code, r.json()['items'][0]['genreName'], sorted(connections))\n"
    )
    env = {**os.environ, "DATABASE_URL": url, "DATABASE_REPLICA_URL": url}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "200 Replicated ['default', 'replica']"
