"""A small world for the people routes: two stores (Melbourne/Victoria and Sydney/New South
Wales) with a manager each, a staff member of store 1, and customers A and B. `caller(name)`
gives a client logged in as one of them (or anonymous), for the role × ownership matrix."""

import pytest
from rest_framework.test import APIClient

from stores.models import Store
from tests.conftest import error, logged_in_client  # noqa: F401 (error: re-exported)
from tests.factories import (
    PASSWORD,
    AddressFactory,
    CityFactory,
    CustomerFactory,
    StaffFactory,
    StoreFactory,
)
from tests.places.places_data import australia_country

FORBIDDEN = {"status": "error", "message": "You are not authorized to perform this operation"}
UNAUTHENTICATED = {"status": "error", "message": "Invalid or expired token"}
CALLERS = ["anonymous", "customer_a", "customer_b", "staff_1", "manager_1", "manager_2"]


def address_body(line="1 New Street", city="Melbourne", state="Victoria", postal="3000"):
    return {
        "addressLine": line,
        "cityName": city,
        "stateName": state,
        "country": "Australia",
        "postalCode": postal,
    }


@pytest.fixture
def australia(db):
    return australia_country()


@pytest.fixture
def melbourne(australia):
    return CityFactory(city_name="Melbourne", state_name="Victoria", country=australia)


@pytest.fixture
def sydney(australia):
    return CityFactory(city_name="Sydney", state_name="New South Wales", country=australia)


def _store_with_manager(city, phone):
    store = StoreFactory(address=AddressFactory(city=city, in_use_by="store"), phone_number=phone)
    manager = StaffFactory(store=store, address=AddressFactory(city=city, in_use_by="staff"))
    Store.objects.filter(id=store.id).update(store_manager=manager)
    store.refresh_from_db()
    return store, manager


@pytest.fixture
def store_1(melbourne):
    return _store_with_manager(melbourne, "0390000001")[0]


@pytest.fixture
def store_2(sydney):
    return _store_with_manager(sydney, "0290000002")[0]


@pytest.fixture
def manager_1(store_1):
    return store_1.store_manager


@pytest.fixture
def manager_2(store_2):
    return store_2.store_manager


@pytest.fixture
def staff_1(store_1, melbourne):
    return StaffFactory(store=store_1, address=AddressFactory(city=melbourne, in_use_by="staff"))


@pytest.fixture
def customer_a(melbourne):
    return CustomerFactory(address=AddressFactory(city=melbourne, in_use_by="customer"))


@pytest.fixture
def customer_b(melbourne):
    return CustomerFactory(address=AddressFactory(city=melbourne, in_use_by="customer"))


@pytest.fixture
def caller(request):
    """caller("manager_1") → an APIClient logged in as that person; "anonymous" → none."""

    def make(name: str) -> APIClient:
        if name == "anonymous":
            return APIClient()
        person = request.getfixturevalue(name)
        return logged_in_client(person.email, PASSWORD)

    return make
