"""The embedded PostgreSQL launcher, run for real in a throw-away data folder."""

import os
import subprocess
import sys

import psycopg
from django.conf import settings


def launcher(command, pgdata, *options):
    env = {**os.environ, "REELFAKE_PGDATA": str(pgdata)}
    return subprocess.run(
        [sys.executable, "-m", "reelfake.db.embedded", command, *options],
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


def test_start_turns_parallel_plans_off_for_good(tmp_path):
    pgdata = tmp_path / "pgdata"
    try:
        launcher("start", pgdata)
        assert (
            "max_parallel_workers_per_gather = '0'" in (pgdata / "postgresql.auto.conf").read_text()
        )
        launcher("stop", pgdata)
        socket_dir = launcher("start", pgdata).split("host=")[1]
        with psycopg.connect(host=socket_dir, user="postgres", dbname="reelfake") as conn:
            assert conn.execute("SHOW max_parallel_workers_per_gather").fetchone()[0] == "0"
    finally:
        launcher("stop", pgdata)


def test_a_new_server_starts_with_512mb_of_shared_buffers(tmp_path):
    pgdata = tmp_path / "pgdata"
    try:
        socket_dir = launcher("start", pgdata).split("host=")[1]
        with psycopg.connect(host=socket_dir, user="postgres", dbname="reelfake") as conn:
            assert conn.execute("SHOW shared_buffers").fetchone()[0] == "512MB"
        assert "shared_buffers = '512MB'" in (pgdata / "postgresql.auto.conf").read_text()
    finally:
        launcher("stop", pgdata)


def test_a_server_set_back_to_128mb_gets_512mb_again_when_started(tmp_path):
    pgdata = tmp_path / "pgdata"
    try:
        socket_dir = launcher("start", pgdata).split("host=")[1]
        with psycopg.connect(
            host=socket_dir, user="postgres", dbname="reelfake", autocommit=True
        ) as conn:
            conn.execute("ALTER SYSTEM SET shared_buffers = '128MB'")
        launcher("stop", pgdata)
        socket_dir = launcher("start", pgdata).split("host=")[1]
        with psycopg.connect(
            host=socket_dir, user="postgres", dbname="reelfake", autocommit=True
        ) as conn:
            assert conn.execute("SHOW shared_buffers").fetchone()[0] == "512MB"
    finally:
        launcher("stop", pgdata)


def _holder(pgdata, pid):
    folder = pgdata.with_name(pgdata.name + ".holders")
    folder.mkdir(exist_ok=True)
    (folder / str(pid)).touch()
    return folder / str(pid)


def test_stop_leaves_a_server_that_a_running_serve_process_holds(tmp_path):
    pgdata = tmp_path / "pgdata"
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        launcher("start", pgdata)
        _holder(pgdata, sleeper.pid)
        assert launcher("stop", pgdata) == (
            f"in use by a running server (pid {sleeper.pid}); not stopped"
        )
        assert launcher("start", pgdata).startswith("postgres://")
        sleeper.kill()
        sleeper.wait()
        assert launcher("stop", pgdata) == "stopped"
    finally:
        sleeper.kill()
        launcher("stop", pgdata, "--force")


def test_stop_force_stops_a_held_server(tmp_path):
    pgdata = tmp_path / "pgdata"
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        launcher("start", pgdata)
        _holder(pgdata, sleeper.pid)
        assert launcher("stop", pgdata, "--force") == "stopped"
        assert launcher("stop", pgdata, "--force") == "not running"
    finally:
        sleeper.kill()
        launcher("stop", pgdata, "--force")


def test_markers_of_processes_that_have_exited_are_removed(tmp_path, monkeypatch):
    from reelfake.db import embedded

    pgdata = tmp_path / "pgdata"
    monkeypatch.setenv("REELFAKE_PGDATA", str(pgdata))
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = _holder(pgdata, gone.pid)
    live = subprocess.Popen(["sleep", "60"])
    try:
        _holder(pgdata, live.pid)
        embedded.hold()
        assert embedded.holders() == [live.pid]  # this process's own marker does not count
        assert not stale.exists()
        embedded.release()
        assert sorted(p.name for p in stale.parent.iterdir()) == [str(live.pid)]
    finally:
        live.kill()
