"""Shared fixtures. Tests run against real PostgreSQL: the embedded server by default, or the
server named by DATABASE_URL. The test database gets its schema from the same migration as
the app (reelfake/db/migrations/0001_squashed_0013_schema.py)."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import PASSWORD, CustomerFactory, StaffFactory, make_store_manager
from toolkit.selectors import standing_settings_forget

# Unmanaged tables are not flushed by Django after transactional tests, so we empty them.
REELFAKE_TABLES = [
    "rental",
    "cart",
    "wishlist",
    "inventory",
    "movie_actor",
    "customer",
    "store",
    "staff",
    "address",
    "city",
    "country",
    "actor",
    "movie",
    "movie_language",
    "genre",
]


def truncate_reelfake_tables():
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(REELFAKE_TABLES)} RESTART IDENTITY CASCADE")


@pytest.fixture(autouse=True)
def _empty_tables_after_transactional_tests(request):
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if (
        transactional
        or "transactional_db" in request.fixturenames
        or ("live_server" in request.fixturenames)
    ):
        truncate_reelfake_tables()


def error(message: str) -> dict:
    """The contract's error body."""
    return {"status": "error", "message": message}


def all_at_once(calls) -> list:
    """Runs each call in its own thread (with its own database connection, closed after),
    all released together by a barrier; returns their results in order."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture(autouse=True)
def _fresh_standing_settings_cache():
    """The toolkit's per-process cache of standing settings outlives a test's rolled-back
    transaction (docs/toolkit.md "Standing settings"): every test starts and ends empty."""
    standing_settings_forget(everything=True)
    yield
    standing_settings_forget(everything=True)


@pytest.fixture
def anon_client():
    return APIClient()


def logged_in_client(email: str, password: str) -> APIClient:
    """An APIClient carrying the cookie a real login sets."""
    client = APIClient()
    response = client.post("/api/auth/login", {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return client


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def staff_member(db):
    return StaffFactory()


@pytest.fixture
def store_manager(db):
    return make_store_manager()


@pytest.fixture
def customer_client(customer):
    return logged_in_client(customer.email, PASSWORD)


@pytest.fixture
def staff_client(staff_member):
    return logged_in_client(staff_member.email, PASSWORD)


@pytest.fixture
def manager_client(store_manager):
    return logged_in_client(store_manager.email, PASSWORD)
