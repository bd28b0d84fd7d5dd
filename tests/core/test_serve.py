"""`manage.py serve` and the embedded database it shares: it stops the database when it
exits, unless another serving process still uses it."""

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

from tests.core.test_embedded import launcher
from tests.live import free_port


def _serve(pgdata, port, log):
    env = {
        **os.environ,
        "REELFAKE_PGDATA": str(pgdata),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_live(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health/live") as response:
                return response.status
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no server on port {port}")


@pytest.fixture
def first_server(tmp_path):
    pgdata = tmp_path / "pgdata"
    port = free_port()
    log = (tmp_path / "first.log").open("w")
    server = _serve(pgdata, port, log)
    try:
        assert _wait_live(port) == 200
        yield pgdata, port, server
    finally:
        server.terminate()
        server.wait(timeout=30)
        launcher("stop", pgdata, "--force")


def test_a_second_serve_that_cannot_bind_leaves_the_database_to_the_first(first_server, tmp_path):
    pgdata, port, _ = first_server
    with (tmp_path / "second.log").open("w") as log:
        second = _serve(pgdata, port, log)
        assert second.wait(timeout=60) != 0
    output = (tmp_path / "second.log").read_text()
    assert "Embedded PostgreSQL left running: another server uses it." in output
    assert (
        launcher("stop", pgdata)
        == f"in use by a running server (pid {first_server[2].pid}); not stopped"
    )


def test_the_last_serve_to_exit_stops_the_database(first_server):
    pgdata, _, server = first_server
    server.terminate()
    assert server.wait(timeout=30) == 0
    assert launcher("stop", pgdata) == "not running"
