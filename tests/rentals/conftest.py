# The shared store/rental fixtures (tests/stores/fixtures.py).
from tests.stores.fixtures import *  # noqa: F403
