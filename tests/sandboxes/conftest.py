"""Sandbox tests: sandboxes on, the template built once per session from the tiny seed (the
same build the app runs: reelfake.db.worlds.build_template), no background threads."""

import time

import pytest
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from reelfake.db import worlds
from reelfake.db.seeding import DEMO_CUSTOMER_EMAIL, DEMO_MANAGER_EMAIL, DEMO_PASSWORD
from sandboxes import middleware as sandbox_middleware
from sandboxes import routes, services
from sandboxes.models import Sandbox, SandboxCreation

TEST_SETTINGS = {
    "REELFAKE_SANDBOXES": True,
    "SANDBOX_SEED_SCALE": "tiny",
    "SANDBOX_POOL_SIZE": 0,
    "SANDBOX_BACKGROUND": False,
}
# The same, as the environment of a server process (tests/live.py Server).
SERVER_ENV = {name: str(value).lower() for name, value in TEST_SETTINGS.items()}


class PinnedClocks:
    """The clocks of a sandbox request's time-dependent caches, stopped: the standing
    settings' (toolkit/selectors.py, 1 s inside a transaction), the once-a-minute touch
    (sandboxes/middleware.py) and the remembered routes' expiry (sandboxes/routes.py). Time
    moves only by advance(), so a test counting queries counts the same on a slow machine."""

    def __init__(self):
        self.monotonic = time.monotonic()
        self.wall = time.time()

    def advance(self, seconds: float) -> None:
        self.monotonic += seconds
        self.wall += seconds


@pytest.fixture
def pinned_clocks(monkeypatch) -> PinnedClocks:
    from toolkit import selectors as toolkit_selectors

    clocks = PinnedClocks()
    monkeypatch.setattr(toolkit_selectors, "_now", lambda: clocks.monotonic)
    monkeypatch.setattr(sandbox_middleware, "_now", lambda: clocks.wall)
    monkeypatch.setattr(routes, "_now", lambda: clocks.wall)
    return clocks


@pytest.fixture(scope="package")
def sandbox_template(django_db_setup, django_db_blocker):
    """Built once for this directory and dropped after it: other tests read the catalog of
    the test database and expect the main schema alone."""
    with django_db_blocker.unblock(), override_settings(**TEST_SETTINGS):
        services.ensure_template()
    yield
    with django_db_blocker.unblock():
        drop_every_sandbox()
        worlds.drop_world(worlds.TEMPLATE_SCHEMA)


@pytest.fixture(autouse=True)
def sandboxes_on(settings, sandbox_template):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)


def drop_every_sandbox():
    with connection.cursor() as cursor:
        cursor.execute("RESET search_path")
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sbx%%'")
        for (schema,) in cursor.fetchall():
            worlds.drop_world(schema)
    Sandbox.objects.all().delete()
    SandboxCreation.objects.all().delete()


@pytest.fixture(autouse=True)
def _search_path_unknown_at_start():
    """A test's rollback undoes the search path its requests set, not what the connection
    remembers of it: the first main-world request of each test resets it."""
    connection.reelfake_search_path = "unknown"


@pytest.fixture(autouse=True)
def _drop_sandboxes_after_transactional_tests(request):
    yield
    marker = request.node.get_closest_marker("django_db")
    if (
        (marker is not None and marker.kwargs.get("transaction", False))
        or "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
    ):
        drop_every_sandbox()


class QueriesNaming:
    """For connection.execute_wrapper(): counts this thread's queries whose SQL holds
    `fragment`."""

    def __init__(self, fragment: str):
        self.fragment = fragment
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        if self.fragment in sql:
            self.count += 1
        return execute(sql, params, many, context)


def create(client=None, **extra) -> dict:
    response = (client or APIClient()).post("/api/sandboxes", **extra)
    assert response.status_code == 201, response.content
    return response.json()


def prefix(sandbox: dict) -> str:
    return f"/sandbox/{sandbox['key']}"


def login(client: APIClient, sandbox: dict, email: str = DEMO_CUSTOMER_EMAIL) -> APIClient:
    response = client.post(
        f"{prefix(sandbox)}/api/auth/login",
        {"email": email, "password": DEMO_PASSWORD},
        format="json",
    )
    assert response.status_code == 200, response.content
    return client


def manager_login(client: APIClient, sandbox: dict) -> APIClient:
    return login(client, sandbox, DEMO_MANAGER_EMAIL)


def movie_renamed(client: APIClient, sandbox: dict, movie_id: int, title: str) -> None:
    """The sandbox's manager renames one of its movies (204)."""
    manager_login(client, sandbox)
    response = client.put(
        f"{prefix(sandbox)}/api/movies/{movie_id}", {"title": title}, format="json"
    )
    assert response.status_code == 204, response.content


@pytest.fixture
def sandbox(db) -> dict:
    return create()


@pytest.fixture
def other_sandbox(db) -> dict:
    return create()


MOVIE = {
    "tmdbId": 442417,
    "imdbId": "tt1234567",
    "title": "The Wizard",
    "originalTitle": "Volshebnik",
    "overview": "A young magician.",
    "runtime": 104,
    "releaseDate": "2025-01-01",
    "genres": ["fantasy", "Drama"],
    "countriesOfOrigin": ["ru"],
    "language": "RU",
    "movieStatus": "Released",
    "popularity": 5.5,
    "budget": 1000000,
    "revenue": "2500000",
    "ratingAverage": 7.45,
    "ratingCount": 67,
    "posterUrl": "https://image.tmdb.org/t/p/w500/x.jpg",
    "rentalRate": 4.99,
}


def schema_of(sandbox: dict) -> str:
    from sandboxes.selectors import key_hash

    return Sandbox.objects.get(key_hash=key_hash(sandbox["key"])).schema_name


def table_counts(schema: str) -> dict[str, int]:
    """Rows of every world table in `schema` (the main world: public), but the request
    inspector's records: it records every request of a sandbox, the reset call included."""
    with connection.cursor() as cursor:
        tables = [t for t in worlds.world_tables(cursor) if t != "toolkit_request"]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema}".{table}')
            counts[table] = cursor.fetchone()[0]
    return counts
