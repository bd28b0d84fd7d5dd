"""DELETE /api/staff/{id} (P9, P10; docs/decisions.md store scoping)."""

import pytest

from people.models import Staff
from places.models import Address
from stores.models import Store
from tests.factories import CustomerFactory, RentalFactory
from tests.people.conftest import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_m1(caller, manager_1):
    return caller("manager_1")


def test_delete_removes_the_staff_member_and_their_address(client_m1, staff_1):
    address_id = staff_1.address_id
    response = client_m1.delete(f"/api/staff/{staff_1.id}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Staff.objects.filter(id=staff_1.id).exists()
    assert not Address.objects.filter(id=address_id).exists()


def test_shared_address_is_released_not_deleted(client_m1, staff_1):
    customer = CustomerFactory(address=staff_1.address)
    assert client_m1.delete(f"/api/staff/{staff_1.id}").status_code == 204
    row = Address.objects.get(id=customer.address_id)
    assert row.in_use_by == "customer"


def test_store_manager_cannot_be_deleted(client_m1, manager_1):
    response = client_m1.delete(f"/api/staff/{manager_1.id}")
    assert response.status_code == 400
    assert response.json() == error("Staff is a manager of existing store")
    assert Staff.objects.filter(id=manager_1.id).exists()


def test_manager_of_a_store_they_do_not_work_at_cannot_be_deleted(client_m1, staff_1, store_2):
    Store.objects.filter(id=store_2.id).update(store_manager=staff_1)
    response = client_m1.delete(f"/api/staff/{staff_1.id}")
    assert response.status_code == 400
    assert response.json() == error("Staff is a manager of existing store")


def test_staff_with_rentals_is_400_and_nothing_changes(client_m1, staff_1):
    RentalFactory(staff=staff_1)
    response = client_m1.delete(f"/api/staff/{staff_1.id}")
    assert response.status_code == 400
    assert response.json() == error("Staff has processed rentals")
    assert Staff.objects.filter(id=staff_1.id).exists()
    assert Address.objects.get(id=staff_1.address_id).in_use_by == "staff"


def test_staff_of_another_store_is_403(client_m1, manager_2, store_2):
    other = Staff.objects.create(
        first_name="O", last_name="Ther", phone_number="0433333333", store=store_2
    )
    response = client_m1.delete(f"/api/staff/{other.id}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Staff.objects.filter(id=other.id).exists()


def test_non_numeric_id_is_400(client_m1):
    response = client_m1.delete("/api/staff/abc")
    assert response.status_code == 400
    assert response.json() == error("Invalid staff id")


@pytest.mark.parametrize("raw", ["999999", "0"])
def test_unknown_staff_is_404_with_the_singular_message(client_m1, raw):
    response = client_m1.delete(f"/api/staff/{raw}")
    assert response.status_code == 404
    assert response.json() == error("Resource not found")


def test_deleted_staff_loses_access_with_a_live_token(caller, client_m1, staff_1):
    client = caller("staff_1")
    client_m1.delete(f"/api/staff/{staff_1.id}")
    response = client.get("/api/staff")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
