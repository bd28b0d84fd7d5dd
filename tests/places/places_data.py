"""Test data helpers shared by the places and people tests."""

import pytest
from django.db import connection

from places import kept as kept_addresses
from places.models import Country
from tests.reference import wait_for


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
    settings.REELFAKE_KEPT_ADDRESS_LISTS = 256
    settings.REELFAKE_KEPT_ADDRESS_BYTES = 32_000_000
    kept_addresses._active()  # starts the listener
    wait_for(lambda: kept_addresses._kept.ready)
    yield kept_addresses._kept
    kept_addresses.stop_listening()


def settle(kept) -> None:
    """Waits for the notifications of the writes so far to arrive (each drops answers)."""
    generation = kept.generation
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, 'test')", [kept_addresses.CHANNEL])
    wait_for(lambda: kept.generation != generation)
