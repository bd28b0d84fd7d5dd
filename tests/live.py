"""Real server processes (gunicorn, as in production) against the test database.

Tests that start them must commit their data: use `@pytest.mark.django_db(transaction=True)`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.db import connection

from tests.core.test_schema import database_url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base_url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/api/health/live", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{base_url} did not start in {timeout} s")


@contextlib.contextmanager
def running_servers(count: int = 2, **extra_env):
    """Start `count` gunicorn processes on their own ports; yield their base URLs."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        "DJANGO_SETTINGS_MODULE": "reelfake.settings_test",
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "4",
        "REQUEST_LOG_LEVEL": "WARNING",
        **extra_env,
    }
    processes, urls = [], []
    try:
        for _ in range(count):
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
                cwd=settings.BASE_DIR,
                env={**env, "PORT": str(port)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            processes.append(process)
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            _wait_until_up(url, process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
