import time

import pytest

from toolkit.selectors import standing_settings_forget


@pytest.fixture(autouse=True)
def _fresh_standing_settings_cache():
    """The cache outlives a test's rolled-back transaction: start and end every test empty."""
    standing_settings_forget(everything=True)
    yield
    standing_settings_forget(everything=True)


@pytest.fixture
def sleeps(monkeypatch):
    """Records the sleeps of `delay`, standing latency and `fail=timeout` instead of sleeping."""
    calls = []
    monkeypatch.setattr(time, "sleep", calls.append)
    return calls


@pytest.fixture
def local_reset(settings):
    """A server without sandboxes that allows the local reset: standing settings live in the
    main world."""
    settings.REELFAKE_SANDBOXES = False
    settings.REELFAKE_RESET = True
    return settings
