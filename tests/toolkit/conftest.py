import time

import pytest


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
