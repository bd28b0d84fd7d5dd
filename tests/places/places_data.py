"""Test data helpers shared by the places and people tests."""

import pytest

from places import kept as kept_addresses
from places.models import Country
from tests.kept import kept_listening, settle  # noqa: F401 (settle: the places tests import it here)


def australia_country() -> Country:
    """Australia as code AU; the country factory's sequence may have used the code already."""
    country, _ = Country.objects.update_or_create(
        iso_country_code="AU", defaults={"country_name": "Australia"}
    )
    return country


@pytest.fixture(name="kept")
def kept_fixture(settings):
    """Address lists kept (places/kept.py): this process's subscriptions, listened to;
    cancelled (and every answer dropped) after. Needs `django_db(transaction=True)`."""
    yield from kept_listening(
        settings,
        kept_addresses,
        REELFAKE_KEPT_ADDRESS_LISTS=256,
        REELFAKE_KEPT_ADDRESS_BYTES=32_000_000,
        REELFAKE_KEPT_ADDRESS_MIN_ITEMS=1,
    )
