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


@pytest.fixture
def stopped_settings_clock(monkeypatch):
    """The clock of the standing settings' cache (toolkit/selectors.py), stopped: an entry
    lasts its whole TTL however slow the machine is."""
    from toolkit import selectors

    now = time.monotonic()
    monkeypatch.setattr(selectors, "_now", lambda: now)
