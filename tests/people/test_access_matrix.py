"""Role × ownership matrix of the people routes: anonymous, customer A, customer B, staff of
store 1, manager of store 1, manager of store 2 (docs/decisions.md "Store scoping").

Targets: customer A, staff member 1 (store 1). A refused write changes nothing."""

import pytest

from people.models import Customer, Staff
from tests.people.conftest import CALLERS, FORBIDDEN, UNAUTHENTICATED, address_body

pytestmark = pytest.mark.django_db


def assert_refusal(response, status):
    if status == 401:
        assert response.json() == UNAUTHENTICATED
    elif status == 403:
        assert response.json() == FORBIDDEN


READ_LIST = dict(zip(CALLERS, [401, 403, 403, 200, 200, 200], strict=True))
PUBLIC = dict(zip(CALLERS, [200] * 6, strict=True))
CUSTOMER_READ = dict(zip(CALLERS, [401, 200, 403, 200, 200, 200], strict=True))
CUSTOMER_UPDATE = dict(zip(CALLERS, [401, 204, 403, 403, 204, 204], strict=True))
MANAGER_ONLY_ANY = dict(zip(CALLERS, [401, 403, 403, 403, 204, 204], strict=True))
SELF_ONLY = dict(zip(CALLERS, [401, 204, 403, 403, 403, 403], strict=True))
OWN_STORE_WRITE = dict(zip(CALLERS, [401, 403, 403, 403, 204, 403], strict=True))
OWN_STORE_CREATE = dict(zip(CALLERS, [401, 403, 403, 403, 201, 403], strict=True))


@pytest.mark.parametrize("name", CALLERS)
@pytest.mark.parametrize(
    "route, table",
    [
        ("/api/customers", READ_LIST),
        ("/api/customers/summary", PUBLIC),
        ("/api/staff", READ_LIST),
        ("/api/staff/summary", PUBLIC),
        ("/api/staff/managers", READ_LIST),
        ("/api/staff/managers/summary", PUBLIC),
    ],
)
def test_list_routes_admit_their_roles(caller, customer_a, staff_1, manager_2, route, table, name):
    response = caller(name).get(route)
    assert response.status_code == table[name]
    assert_refusal(response, table[name])


@pytest.mark.parametrize("name", CALLERS)
def test_customer_detail_is_for_the_customer_and_staff(caller, customer_a, customer_b, name):
    response = caller(name).get(f"/api/customers/{customer_a.id}")
    assert response.status_code == CUSTOMER_READ[name]
    assert_refusal(response, CUSTOMER_READ[name])
    if response.status_code == 200:
        assert response.json()["id"] == customer_a.id


@pytest.mark.parametrize("name", CALLERS)
def test_staff_detail_is_for_staff_and_managers(caller, customer_a, staff_1, manager_2, name):
    response = caller(name).get(f"/api/staff/{staff_1.id}")
    assert response.status_code == READ_LIST[name]
    assert_refusal(response, READ_LIST[name])


@pytest.mark.parametrize("name", CALLERS)
def test_customer_update_is_for_the_customer_and_managers(
    caller, customer_a, customer_b, staff_1, manager_1, manager_2, name
):
    client = caller(name)
    response = client.put(f"/api/customers/{customer_a.id}", {"firstName": "Zed"}, format="json")
    assert response.status_code == CUSTOMER_UPDATE[name]
    assert_refusal(response, CUSTOMER_UPDATE[name])
    first_name = Customer.objects.get(id=customer_a.id).first_name
    assert (first_name == "Zed") == (response.status_code == 204)


@pytest.mark.parametrize("name", CALLERS)
def test_customer_deactivation_is_for_any_manager(
    caller, customer_a, customer_b, staff_1, manager_1, manager_2, name
):
    response = caller(name).patch(f"/api/customers/{customer_a.id}/deactivate")
    assert response.status_code == MANAGER_ONLY_ANY[name]
    assert_refusal(response, MANAGER_ONLY_ANY[name])
    active = Customer.objects.get(id=customer_a.id).active
    assert active is (response.status_code != 204)


@pytest.mark.parametrize("name", CALLERS)
def test_customer_activation_is_for_any_manager(
    caller, customer_a, customer_b, staff_1, manager_1, manager_2, name
):
    client = caller(name)  # logged in while A is still active
    Customer.objects.filter(id=customer_a.id).update(active=False)
    response = client.patch(f"/api/customers/{customer_a.id}/activate")
    # Customer A is inactive now, so their own live token no longer authenticates.
    table = {**MANAGER_ONLY_ANY, "customer_a": 401}
    assert response.status_code == table[name]
    assert_refusal(response, table[name])
    active = Customer.objects.get(id=customer_a.id).active
    assert active is (response.status_code == 204)


@pytest.mark.parametrize("name", CALLERS)
def test_preferred_store_is_for_the_customer_only(
    caller, customer_a, customer_b, staff_1, manager_1, manager_2, store_2, name
):
    response = caller(name).patch(f"/api/customers/{customer_a.id}/preferred_store/{store_2.id}")
    assert response.status_code == SELF_ONLY[name]
    assert_refusal(response, SELF_ONLY[name])
    preferred = Customer.objects.get(id=customer_a.id).preferred_store_id
    assert (preferred == store_2.id) == (response.status_code == 204)


@pytest.mark.parametrize("name", CALLERS)
def test_customer_delete_is_for_any_manager(
    caller, customer_a, customer_b, staff_1, manager_1, manager_2, name
):
    response = caller(name).delete(f"/api/customers/{customer_a.id}")
    assert response.status_code == MANAGER_ONLY_ANY[name]
    assert_refusal(response, MANAGER_ONLY_ANY[name])
    exists = Customer.objects.filter(id=customer_a.id).exists()
    assert exists is (response.status_code != 204)


@pytest.mark.parametrize("name", CALLERS)
def test_staff_create_is_for_the_manager_of_that_store(
    caller, customer_a, customer_b, staff_1, manager_1, manager_2, store_1, name
):
    body = {
        "firstName": "Nia",
        "lastName": "New",
        "phoneNumber": "0411111111",
        "storeId": store_1.id,
        "address": address_body(),
    }
    response = caller(name).post("/api/staff", body, format="json")
    assert response.status_code == OWN_STORE_CREATE[name]
    assert_refusal(response, OWN_STORE_CREATE[name])
    created = Staff.objects.filter(phone_number="0411111111").exists()
    assert created is (response.status_code == 201)


@pytest.mark.parametrize("name", CALLERS)
def test_staff_update_is_for_the_manager_of_their_store(
    caller, customer_a, customer_b, staff_1, manager_1, manager_2, name
):
    response = caller(name).put(f"/api/staff/{staff_1.id}", {"firstName": "Zed"}, format="json")
    assert response.status_code == OWN_STORE_WRITE[name]
    assert_refusal(response, OWN_STORE_WRITE[name])
    first_name = Staff.objects.get(id=staff_1.id).first_name
    assert (first_name == "Zed") == (response.status_code == 204)


@pytest.mark.parametrize("name", CALLERS)
def test_staff_delete_is_for_the_manager_of_their_store(
    caller, customer_a, customer_b, staff_1, manager_1, manager_2, name
):
    response = caller(name).delete(f"/api/staff/{staff_1.id}")
    assert response.status_code == OWN_STORE_WRITE[name]
    assert_refusal(response, OWN_STORE_WRITE[name])
    exists = Staff.objects.filter(id=staff_1.id).exists()
    assert exists is (response.status_code != 204)
