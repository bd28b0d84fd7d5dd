"""The frontend toolkit from a browser: a page on http://localhost:3000 retries after an
injected 503, and the API's /inspector page shows (live) the diagnosis of a fetch without
credentials (docs/toolkit.md). A screenshot of the inspector goes to E2E_OUTPUT_DIR
(default test-results/)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.conftest import open_page, page_server
from tests.factories import (
    PASSWORD,
    CartFactory,
    CustomerFactory,
    InventoryFactory,
    MovieFactory,
    StaffFactory,
)
from tests.live import Client, Server, free_port

pytestmark = pytest.mark.django_db(transaction=True)

OUTPUT_DIR = Path(os.environ.get("E2E_OUTPUT_DIR", Path(settings.BASE_DIR) / "test-results"))

# The frontend under test: what an app's data layer does, in a few lines.
FRONTEND = """
const API = '%(api)s/api';
const status = (text) => { document.getElementById('status').textContent = text; };

// GET with one retry after a 429/503, waiting what Retry-After says.
async function loadGenres({ failFirst }) {
  const headers = failFirst ? { 'X-Reelfake-Fail': '503' } : {};
  let response = await fetch(`${API}/genres`, { headers });
  const seen = [response.status];
  let retryAfter = null;
  if (response.status === 503 || response.status === 429) {
    retryAfter = response.headers.get('Retry-After');
    status(`Server busy (${response.status}), retrying in ${retryAfter} s...`);
    await new Promise((resolve) => setTimeout(resolve, Number(retryAfter) * 1000));
    response = await fetch(`${API}/genres`);
    seen.push(response.status);
  }
  const body = await response.json();
  status(`Loaded ${body.length} genres after ${seen.length} attempts`);
  return { seen, retryAfter };
}

// Log in, then follow the live events of this world.
async function followEvents(email, password) {
  await fetch(`${API}/auth/login`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  window.received = [];
  const source = new EventSource(`${API}/events`, { withCredentials: true });
  source.onmessage = (message) => window.received.push(JSON.parse(message.data));
  await new Promise((resolve, reject) => {
    source.onopen = resolve;
    source.onerror = reject;
  });
}

async function loginThenForgetCredentials(email, password) {
  const login = await fetch(`${API}/auth/login`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  // The classic mistake: no credentials: 'include' on the next call.
  const me = await fetch(`${API}/auth/me`);
  return { login: login.status, me: me.status };
}
"""
PAGE = b'<!doctype html><meta charset="utf-8"><title>app</title><p id="status">idle</p>'
PAGE += b'<script src="/app.js"></script>'


@pytest.fixture(scope="module")
def toolkit_api(django_db_setup):
    """The API with the inspector and standing settings on (a local server: DEBUG), its
    event streams woken by NOTIFY (toolkit/wakeups.py)."""
    env = {"HOST": "localhost", "DEBUG": "true", "REELFAKE_EVENTS_LISTEN": "true"}
    server = Server(free_port(), env=env).start()
    yield f"http://localhost:{server.port}"
    server.stop()


@pytest.fixture(scope="module")
def frontend(toolkit_api):
    script = (FRONTEND % {"api": toolkit_api}).encode()
    with page_server({"/app.js": (script, "text/javascript"), "/": (PAGE, "text/html")}) as url:
        yield url


@pytest.fixture
def app_page(browser, frontend):
    with open_page(browser, frontend) as page:
        yield page


def test_page_retries_after_an_injected_503_and_shows_the_data(app_page):
    result = app_page.evaluate("loadGenres({ failFirst: true })")
    assert result["seen"] == [503, 200]
    # Retry-After is exposed to the page across origins.
    assert result["retryAfter"] == "1"
    assert app_page.text_content("#status") == "Loaded 0 genres after 2 attempts"
    assert app_page.errors == []


def test_inspector_shows_live_the_diagnosis_of_a_fetch_without_credentials(
    browser, app_page, toolkit_api
):
    customer = CustomerFactory()
    inspector = browser.new_context().new_page()
    inspector.goto(f"{toolkit_api}/inspector")
    inspector.wait_for_selector("#live.on", timeout=15_000)  # the stream is open

    result = app_page.evaluate(
        "([email, password]) => loginThenForgetCredentials(email, password)",
        [customer.email, PASSWORD],
    )
    assert result == {"login": 200, "me": 401}

    diagnosis = inspector.wait_for_selector(
        "tr.request:has-text('/api/auth/me') .diagnosis", timeout=15_000
    )
    assert "no-cookie-after-login" in diagnosis.text_content()
    assert "credentials: 'include'" in diagnosis.text_content()
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    inspector.screenshot(path=str(OUTPUT_DIR / "inspector.png"), full_page=True)
    inspector.context.close()


@pytest.fixture(scope="module")
def second_instance(toolkit_api):
    """Another server process on the same database: where the other client checks out."""
    server = Server(free_port()).start()
    yield server
    server.stop()


def test_page_receives_rental_created_while_another_client_checks_out_elsewhere(
    app_page, second_instance
):
    clerk = StaffFactory()
    shopper = CustomerFactory(preferred_store=clerk.store)
    movie = MovieFactory(title="Heat")
    InventoryFactory(movie=movie, store=clerk.store, stock_count=2)
    CartFactory(customer=shopper, movie=movie)
    app_page.evaluate(
        "([email, password]) => followEvents(email, password)", [clerk.email, PASSWORD]
    )

    # The other client, on the other server instance.
    other = Client(second_instance).login(shopper.email, PASSWORD)
    status, _, body = other.request(
        "POST", "/api/rentals/checkout", b"{}", {"Content-Type": "application/json"}
    )
    assert status == 201, body

    app_page.wait_for_function(
        "window.received.some((event) => event.type === 'rental.created')", timeout=15_000
    )
    received = app_page.evaluate("window.received")
    rental = next(event for event in received if event["type"] == "rental.created")
    assert (rental["ids"]["customer"], rental["ids"]["store"], rental["ids"]["movie"]) == (
        shopper.id,
        clerk.store_id,
        movie.id,
    )
    assert app_page.errors == []
