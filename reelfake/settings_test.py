"""Test settings: the real PostgreSQL of settings.py, with a fast password hasher."""

import os

# Tests never depend on a developer's .env: fixed secrets, debug off as in production.
os.environ.setdefault("SECRET_KEY", "reelfake-test-secret-key-" + "x" * 40)
os.environ.setdefault("JWT_SECRET", "reelfake-test-jwt-secret-" + "y" * 40)

from reelfake.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.BCryptPasswordHasher",
]

# No background pool refills or purges: a thread of its own would commit sandbox rows beside
# a test's transaction (tests that want sandboxes build them in the foreground).
SANDBOX_BACKGROUND = False

# No listening connection of its own in the test process (it would outlive the tests and keep
# the test database from being dropped); tests that want one turn it on and stop it.
# Server processes started by the tests get REELFAKE_EVENTS_LISTEN from their environment.
REELFAKE_EVENTS_LISTEN = env_bool("REELFAKE_EVENTS_LISTEN", False)  # noqa: F405

# No listener thread holding a connection to the test database (it would block dropping it);
# tests/core/test_reference_cache.py turns the cache on around its own tests.
REELFAKE_REFERENCE_CACHE = False

# Sandbox routes are looked up on every request of the test process (no listening
# connection); tests/sandboxes/test_route_cache.py turns the cache on around its own tests.
# Server processes started by the tests get it from their environment.
SANDBOX_ROUTE_CACHE = env_bool("SANDBOX_ROUTE_CACHE", False)  # noqa: F405

# Search totals are counted on every request (a listener thread of their own would hold a
# connection to the test database); tests/core/test_kept_counts.py turns them on.
REELFAKE_KEPT_COUNTS = 0

# Customer list pages are read on every request (a listener thread of their own would hold a
# connection to the test database); tests/people/test_kept_customer_pages.py turns them on.
REELFAKE_KEPT_PAGES = 0

# Filtered movie pages too; tests/movies/test_kept_filtered_movie_pages.py turns them on.
REELFAKE_KEPT_FILTERED_PAGES = 0

# Address lists by city or state are read on every request (a listener thread of their own
# would hold a connection to the test database); tests/places/test_kept_addresses.py turns
# them on.
REELFAKE_KEPT_ADDRESS_LISTS = 0
