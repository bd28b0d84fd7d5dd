"""The in-memory reference lists turned on for a test (reelfake/reference.py). Tests that use
it need `django_db(transaction=True)`: lists read inside a transaction are never kept."""

import time

import pytest

from reelfake import reference


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


@pytest.fixture
def reference_cache(settings):
    """This process's subscription, listened to; cancelled (and every list dropped) afterwards."""
    settings.REELFAKE_REFERENCE_CACHE = True
    reference.reference_kept()  # starts the listener
    wait_for(lambda: reference._kept.ready)
    yield reference._kept
    reference.stop_listening()
