"""The embedded PostgreSQL launcher, run for real in a throw-away data folder."""

import os
import subprocess
import sys

import psycopg
from django.conf import settings


def launcher(command, pgdata):
    env = {**os.environ, "REELFAKE_PGDATA": str(pgdata)}
    return subprocess.run(
        [sys.executable, "-m", "reelfake.db.embedded", command],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_start_creates_a_server_with_the_reelfake_database_then_stop_ends_it(tmp_path):
    pgdata = tmp_path / "pgdata"
    try:
        url = launcher("start", pgdata)
        socket_dir = url.split("host=")[1]
        with psycopg.connect(host=socket_dir, user="postgres", dbname="reelfake") as conn:
            assert conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'plpgsql'").fetchone()
            assert conn.execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
            ).fetchone()
        assert launcher("start", pgdata) == url
    finally:
        stopped = launcher("stop", pgdata)
    assert stopped == "stopped"
    assert launcher("stop", pgdata) == "not running"
