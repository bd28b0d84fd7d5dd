"""A page on http://localhost:3000 uses a sandbox of the API on another origin, in Chromium:
creates it, signs in inside it by cookie, adds a movie and follows an upload's events, all
under the sandbox's base URL (docs/sandboxes.md)."""

import pytest
from django.db import connection

from reelfake.db import worlds
from reelfake.db.seeding import DEMO_MANAGER_EMAIL, DEMO_PASSWORD
from tests.e2e.conftest import _port, open_page, page_server
from tests.live import Server
from tests.sandboxes.conftest import MOVIE, SERVER_ENV, drop_every_sandbox
from tests.uploads.conftest import csv_bytes, numbered_rows

pytestmark = pytest.mark.django_db(transaction=True)

SANDBOX_ENV = {"HOST": "localhost", **SERVER_ENV}


@pytest.fixture(scope="module")
def sandbox_api(django_db_setup, django_db_blocker):
    from django.test import override_settings

    from sandboxes import services

    with django_db_blocker.unblock(), override_settings(SANDBOX_SEED_SCALE="tiny"):
        services.ensure_template()
    server = Server(_port("E2E_API_PORT", 8000), env=SANDBOX_ENV).start()
    yield f"http://localhost:{server.port}"
    server.stop()
    # Other tests read the catalog of the test database and expect the main schema alone.
    with django_db_blocker.unblock():
        drop_every_sandbox()
        worlds.drop_world(worlds.TEMPLATE_SCHEMA)
        # Opened next to Playwright's event loop: closed here, or the test database's
        # teardown finds it still open.
        connection.close()


@pytest.fixture(scope="module")
def blank_page_origin():
    html = b'<!doctype html><meta charset="utf-8"><title>client</title>'
    with page_server({"/": (html, "text/html")}) as url:
        yield url


@pytest.fixture
def page(browser, blank_page_origin):
    with open_page(browser, blank_page_origin) as page:
        yield page
    drop_every_sandbox()


FLOW = """async ([api, email, password, movie, csv]) => {
    const created = await (await fetch(`${api}/api/sandboxes`, { method: 'POST' })).json();
    const base = created.baseUrl;
    const json = { 'Content-Type': 'application/json' };
    const login = await fetch(`${base}/auth/login`, {
        method: 'POST', headers: json, credentials: 'include',
        body: JSON.stringify({ email, password }),
    });
    const me = await (await fetch(`${base}/auth/me`, { credentials: 'include' })).json();
    const mainMe = await fetch(`${api}/api/auth/me`, { credentials: 'include' });
    const added = await fetch(`${base}/movies`, {
        method: 'POST', headers: json, credentials: 'include', body: JSON.stringify(movie),
    });
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'movies.csv');
    const upload = await (await fetch(`${base}/movies/upload?enable_tracking`, {
        method: 'POST', body: form, credentials: 'include',
    })).json();
    const events = await new Promise((resolve, reject) => {
        const seen = [];
        const source = new EventSource(`${base}${upload.trackingUrl}`, { withCredentials: true });
        source.onmessage = (event) => {
            const data = JSON.parse(event.data);
            seen.push(data);
            if ('successRowsCount' in data) { source.close(); resolve(seen); }
        };
        source.onerror = () => { source.close(); reject(new Error('stream failed')); };
    });
    const inMain = await fetch(`${api}/api/movies?title=The%20Wizard`);
    return {
        base, key: created.key, login: login.status, me: me.email, mainMe: mainMe.status,
        added: added.status, trackingUrl: upload.trackingUrl, last: events[events.length - 1],
        inMain: inMain.status,
    };
}"""


def test_page_on_another_origin_works_inside_its_sandbox(page, sandbox_api):
    result = page.evaluate(
        FLOW,
        [
            sandbox_api,
            DEMO_MANAGER_EMAIL,
            DEMO_PASSWORD,
            MOVIE,
            csv_bytes(numbered_rows(2)).decode(),
        ],
    )
    assert result["base"] == f"{sandbox_api}/sandbox/{result['key']}/api"
    assert (result["login"], result["me"]) == (200, DEMO_MANAGER_EMAIL)
    assert result["mainMe"] == 401
    assert result["added"] == 201
    assert result["last"]["successRowsCount"] == 2
    assert result["inMain"] == 404
    cookies = {c["name"]: c["path"] for c in page.context.cookies()}
    assert cookies["auth_token"] == f"/sandbox/{result['key']}/"
