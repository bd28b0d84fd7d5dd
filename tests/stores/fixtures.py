"""Fixtures the store and rental tests share: two stores, each with a manager and a staff
member (the store-ownership matrix), customers A and B, and Australian places by name.
Imported by tests/stores/conftest.py and tests/rentals/conftest.py."""

import pytest

from places.models import Country
from tests.conftest import error, logged_in_client  # noqa: F401 (error: re-exported)
from tests.factories import (
    PASSWORD,
    AddressFactory,
    CityFactory,
    CustomerFactory,
    StaffFactory,
    StoreFactory,
    make_store_manager,
)

FORBIDDEN = {"status": "error", "message": "You are not authorized to perform this operation"}
UNAUTHENTICATED = {"status": "error", "message": "Invalid or expired token"}


def client_for(person):
    return logged_in_client(person.email, PASSWORD)


@pytest.fixture
def australia(db):
    # Lower-case code: CountryFactory's sequence runs through every upper-case pair (AU
    # included), so it could not collide with this row. Tests name the country.
    return Country.objects.create(country_name="Australia", iso_country_code="au")


@pytest.fixture
def melbourne(australia):
    return CityFactory(city_name="Melbourne", state_name="Victoria", country=australia)


@pytest.fixture
def geelong(australia):
    return CityFactory(city_name="Geelong", state_name="Victoria", country=australia)


@pytest.fixture
def sydney(australia):
    return CityFactory(city_name="Sydney", state_name="New South Wales", country=australia)


@pytest.fixture
def store(store_manager):
    """Store 1: the store of `store_manager` (manager_client)."""
    return store_manager.store


@pytest.fixture
def store_staff(store):
    """A plain staff member of store 1."""
    return StaffFactory(store=store)


@pytest.fixture
def store_staff_client(store_staff):
    return client_for(store_staff)


@pytest.fixture
def other_manager(db):
    """The manager of store 2."""
    return make_store_manager()


@pytest.fixture
def other_store(other_manager):
    return other_manager.store


@pytest.fixture
def other_manager_client(other_manager):
    return client_for(other_manager)


@pytest.fixture
def other_staff(other_store):
    return StaffFactory(store=other_store)


@pytest.fixture
def other_staff_client(other_staff):
    return client_for(other_staff)


@pytest.fixture
def other_customer(db):
    """Customer B (`customer` is customer A)."""
    return CustomerFactory()


@pytest.fixture
def other_customer_client(other_customer):
    return client_for(other_customer)


@pytest.fixture
def melbourne_store(melbourne):
    """A store in Melbourne, Victoria, Australia, managed by `melbourne_manager`."""
    return StoreFactory(address=AddressFactory(city=melbourne, in_use_by="store"))


@pytest.fixture
def melbourne_manager(melbourne_store, melbourne):
    return make_store_manager(
        store=melbourne_store, address=AddressFactory(city=melbourne, in_use_by="staff")
    )


@pytest.fixture
def melbourne_manager_client(melbourne_manager):
    return client_for(melbourne_manager)
