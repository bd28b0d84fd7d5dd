"""The browser suite: Chromium (Debian's `chromium` package) driven by Playwright, a page
served from a second origin, and the API served by gunicorn on the test database.

By default the API listens on :8000 and the page on :3000, as the README's snippets assume;
E2E_API_PORT / E2E_PAGE_PORT choose others (a busy default port falls back to a free one).
Missing Chromium or Playwright fails the suite with the command that installs them."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from tests.live import Server

# Debian's Chromium where installed (`make browser`), else Playwright's own build.
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
USE_PLAYWRIGHT_BUILD = "E2E_CHROMIUM" not in os.environ and not os.path.exists(CHROMIUM)
SNIPPET_BLOCK = re.compile(r"<!-- e2e:begin -->(.*?)<!-- e2e:end -->", re.DOTALL)
JS_FENCE = re.compile(r"```js\n(.*?)```", re.DOTALL)
DOC_DEFAULT_API = "http://localhost:8000"


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: browser tests (Chromium + Playwright)")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _port(variable: str, default: int) -> int:
    wanted = int(os.environ.get(variable, default))
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", wanted))
            return wanted
        except OSError:
            if variable in os.environ:
                raise
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def documented_snippets() -> str:
    """The README's browser code (docs/uploads.md until it is merged), as one script."""
    for name in ("README.md", "docs/uploads.md"):
        path = Path(settings.BASE_DIR) / name
        match = SNIPPET_BLOCK.search(path.read_text()) if path.exists() else None
        if match:
            return "\n".join(JS_FENCE.findall(match.group(1)))
    raise AssertionError("no <!-- e2e:begin --> block in README.md or docs/uploads.md")


@pytest.fixture(scope="module", autouse=True)
def _database_next_to_playwright():
    """Playwright's sync API keeps an asyncio loop running in this thread, which makes
    Django refuse database calls; the tests themselves are plain synchronous code. Only while
    this module's browser runs (it is closed at the end of the module)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(_database_next_to_playwright):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: pip install -r requirements-dev.txt", pytrace=False)
    if not USE_PLAYWRIGHT_BUILD and not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser`", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=None if USE_PLAYWRIGHT_BUILD else CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                # No calls home: they fail (and slow the browser) on closed networks.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def api_server(django_db_setup):
    server = Server(_port("E2E_API_PORT", 8000), env={"HOST": "localhost"}).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api_base(api_server) -> str:
    return f"http://localhost:{api_server.port}"


@contextmanager
def page_server(files: dict[str, tuple[bytes, str]]):
    """http://localhost:<port> (E2E_PAGE_PORT, else 3000) serving `files`, {path: (body,
    content type)}; any other path gets the "/" file."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body, kind = files.get(self.path, files["/"])
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("localhost", _port("E2E_PAGE_PORT", 3000)), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def open_page(browser, url: str):
    """A fresh browser context (no cookies) on `url`, collecting failures in `page.errors`."""
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def page_origin(api_base):
    """http://localhost:<port> serving a page that loads the documented snippets."""
    script = documented_snippets().replace(DOC_DEFAULT_API, api_base).encode()
    html = (
        b'<!doctype html><meta charset="utf-8"><title>client</title>'
        b'<script src="/flows.js"></script>'
    )
    with page_server({"/flows.js": (script, "text/javascript"), "/": (html, "text/html")}) as url:
        yield url


@pytest.fixture
def client_page(browser, page_origin):
    """A fresh browser context (no cookies) on the client page, collecting failures."""
    with open_page(browser, page_origin) as page:
        yield page
