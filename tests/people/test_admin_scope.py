"""Staff and customers in the admin, scoped to the manager's store: staff who work there,
customers who prefer it or have rented there; "Deactivate" through people.services."""

import pytest

from people.models import Customer
from tests.admin_clients import manager_admin_client, superuser_admin_client
from tests.factories import (
    CustomerFactory,
    InventoryFactory,
    RentalFactory,
    StaffFactory,
    StoreFactory,
    make_store_manager,
)

pytestmark = pytest.mark.django_db

STAFF = "/admin/people/staff/"
CUSTOMERS = "/admin/people/customer/"


@pytest.fixture
def manager(db):
    return make_store_manager()


@pytest.fixture
def client(manager):
    return manager_admin_client(manager)


@pytest.fixture
def other_store(db):
    return StoreFactory()


def ids_listed(response) -> list[int]:
    return sorted(row.id for row in response.context["cl"].result_list)


def test_manager_lists_only_their_stores_staff(client, manager, other_store):
    colleague = StaffFactory(store=manager.store)
    StaffFactory(store=other_store)
    assert ids_listed(client.get(STAFF)) == sorted([manager.id, colleague.id])


def test_manager_cannot_open_another_stores_staff(client, other_store):
    stranger = StaffFactory(store=other_store)
    assert client.get(f"{STAFF}{stranger.id}/change/").status_code == 403


def test_manager_lists_customers_who_prefer_or_rented_at_their_store(client, manager, other_store):
    prefers = CustomerFactory(preferred_store=manager.store)
    renter = CustomerFactory(preferred_store=other_store)
    RentalFactory(customer=renter, inventory=InventoryFactory(store=manager.store))
    CustomerFactory(preferred_store=other_store)
    CustomerFactory()
    assert ids_listed(client.get(CUSTOMERS)) == sorted([prefers.id, renter.id])


def test_manager_cannot_open_another_stores_customer(client, other_store):
    stranger = CustomerFactory(preferred_store=other_store)
    assert client.get(f"{CUSTOMERS}{stranger.id}/change/").status_code == 403


def test_a_missing_customer_is_still_the_admins_redirect(client):
    response = client.get(f"{CUSTOMERS}999999/change/")
    assert response.status_code == 302


def test_superuser_lists_every_customer(manager, other_store):
    customers = [CustomerFactory(preferred_store=manager.store), CustomerFactory()]
    response = superuser_admin_client().get(CUSTOMERS)
    assert ids_listed(response) == sorted(c.id for c in customers)


def test_superuser_store_filter_narrows_customers_like_a_managers_scope(manager, other_store):
    mine = CustomerFactory(preferred_store=manager.store)
    CustomerFactory(preferred_store=other_store)
    response = superuser_admin_client().get(CUSTOMERS, {"store": manager.store_id})
    assert ids_listed(response) == [mine.id]


def test_deactivate_goes_through_the_service(client, manager):
    customer = CustomerFactory(preferred_store=manager.store)
    response = client.post(
        CUSTOMERS, {"action": "deactivate", "_selected_action": [customer.id]}, follow=True
    )
    assert Customer.objects.get(id=customer.id).active is False
    assert "1 customer deactivated." in response.content.decode()


def test_deactivating_an_inactive_customer_shows_the_services_error(client, manager):
    customer = CustomerFactory(preferred_store=manager.store, active=False)
    response = client.post(
        CUSTOMERS, {"action": "deactivate", "_selected_action": [customer.id]}, follow=True
    )
    assert "Cannot deactivate already inactive customer" in response.content.decode()


def test_deactivate_ignores_another_stores_customer(client, other_store):
    stranger = CustomerFactory(preferred_store=other_store)
    client.post(CUSTOMERS, {"action": "deactivate", "_selected_action": [stranger.id]})
    assert Customer.objects.get(id=stranger.id).active is True
