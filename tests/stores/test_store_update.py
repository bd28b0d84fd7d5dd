"""PUT /api/stores/{id}."""

import pytest

from people.models import Staff
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, AddressFactory, StaffFactory, StoreFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error
from tests.stores.payloads import address, address_of

pytestmark = pytest.mark.django_db


def update(client, store, body):
    return client.put(f"/api/stores/{store.id}", body, format="json")


def test_anonymous_is_401(anon_client, melbourne_store):
    response = update(anon_client, melbourne_store, {})
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("role", ["customer_client", "store_staff_client"])
def test_other_roles_are_403(request, role, store):
    response = update(request.getfixturevalue(role), store, {"phoneNumber": "0290000009"})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_manager_of_another_store_is_403_and_nothing_changes(other_manager_client, store):
    phone = store.phone_number
    response = update(other_manager_client, store, {"phoneNumber": "0290000009"})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    store.refresh_from_db()
    assert store.phone_number == phone


def test_scoping_is_checked_before_the_body(other_manager_client, store):
    response = update(other_manager_client, store, {"address": {"addressLine": "x"}})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_non_numeric_id_is_400(manager_client):
    response = manager_client.put("/api/stores/abc", {}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Invalid store id")


def test_unknown_store_is_404(manager_client):
    response = manager_client.put("/api/stores/98765", {}, format="json")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


def test_manager_changes_the_phone(manager_client, store):
    response = update(manager_client, store, {"phoneNumber": "0290000009"})
    assert response.status_code == 204
    assert response.content == b""
    store.refresh_from_db()
    assert store.phone_number == "0290000009"


def test_address_in_the_same_state_is_rewritten_in_place(
    melbourne_manager_client, melbourne_store, geelong
):
    address_id = melbourne_store.address_id
    body = {"address": address(line="5 Moved St", city="GEELONG", state="victoria")}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 204
    melbourne_store.refresh_from_db()
    assert melbourne_store.address_id == address_id
    assert melbourne_store.address.address_line == "5 Moved St"
    assert melbourne_store.address.city.city_name == "Geelong"
    assert melbourne_store.address.in_use_by == "store"


def test_changing_state_is_400_and_nothing_changes(
    melbourne_manager_client, melbourne_store, sydney
):
    body = {"phoneNumber": "0290000009", "address": address(city="Sydney", state="NSW")}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 400
    assert response.json() == error("Changing state of the store is not allowed")
    melbourne_store.refresh_from_db()
    assert melbourne_store.phone_number != "0290000009"


def test_changing_country_is_400(melbourne_manager_client, melbourne_store):
    body = {"address": address(country="New Zealand")}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 400
    assert response.json() == error("Changing country of the store is not allowed")


def test_city_of_another_state_is_400(melbourne_manager_client, melbourne_store, sydney):
    body = {"address": address(city="Sydney")}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 400
    assert response.json() == error("City belongs to a different state")


def test_unknown_city_is_404(melbourne_manager_client, melbourne_store):
    body = {"address": address(city="Ballarat")}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 404
    assert response.json() == error("City not found")


def test_incomplete_address_is_400(melbourne_manager_client, melbourne_store):
    response = update(melbourne_manager_client, melbourne_store, {"address": {"cityName": "x"}})
    assert response.status_code == 400
    assert response.json() == error("Incomplete address")


def test_both_manager_forms_are_400(melbourne_manager_client, melbourne_store, store_staff):
    body = {"storeManagerId": store_staff.id, "storeManager": {"firstName": "x"}}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 400
    assert response.json() == error("Duplicate store manager data in request")


def test_address_of_another_store_is_400(melbourne_manager_client, melbourne_store, melbourne):
    other = StoreFactory(address=AddressFactory(city=melbourne, in_use_by="store"))
    body = {"address": address_of(other.address)}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 400
    assert response.json() == error("The address is in use by other store")


def test_resending_its_own_address_is_fine(melbourne_manager_client, melbourne_store):
    body = {"address": address_of(melbourne_store.address)}
    before = melbourne_store.address_id
    response = update(melbourne_manager_client, melbourne_store, body)
    assert (response.status_code, response.content) == (204, b"")
    melbourne_store.refresh_from_db()
    assert (melbourne_store.address_id, melbourne_store.address.in_use_by) == (before, "store")


def test_phone_of_another_store_is_400(melbourne_manager_client, melbourne_store, store):
    body = {"phoneNumber": store.phone_number}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 400
    assert response.json() == error("The phone number is in use by other store")


def test_new_manager_moves_to_the_store_and_the_old_one_becomes_staff(
    melbourne_manager_client, melbourne_store, melbourne_manager, geelong
):
    newcomer = StaffFactory(
        store=melbourne_store, address=AddressFactory(city=geelong, in_use_by="staff")
    )
    response = update(melbourne_manager_client, melbourne_store, {"storeManagerId": newcomer.id})
    assert response.status_code == 204
    melbourne_store.refresh_from_db()
    newcomer.refresh_from_db()
    melbourne_manager.refresh_from_db()
    assert melbourne_store.store_manager_id == newcomer.id
    assert newcomer.store_id == melbourne_store.id
    assert melbourne_manager.store_id == melbourne_store.id
    # P11: the new manager logs in as STORE_MANAGER, the previous one as STAFF.
    me = logged_in_client(newcomer.email, PASSWORD).get("/api/auth/me").json()
    assert me["isStoreManager"] is True
    old = logged_in_client(melbourne_manager.email, PASSWORD).get("/api/auth/me").json()
    assert old["isStoreManager"] is False


def test_unknown_manager_is_404(melbourne_manager_client, melbourne_store):
    response = update(melbourne_manager_client, melbourne_store, {"storeManagerId": 4242})
    assert response.status_code == 404
    assert response.json() == error("Staff with id 4242 not found")


def test_manager_of_another_store_is_403(melbourne_manager_client, melbourne_store, other_manager):
    body = {"storeManagerId": other_manager.id}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_another_stores_staff_cannot_be_taken_as_manager_and_nothing_changes(
    melbourne_manager_client, melbourne_store, melbourne_manager, other_staff
):
    body = {"storeManagerId": other_staff.id, "phoneNumber": "0290000009"}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    melbourne_store.refresh_from_db()
    assert melbourne_store.store_manager_id == melbourne_manager.id
    assert melbourne_store.phone_number != "0290000009"
    assert Staff.objects.get(id=other_staff.id).store_id == other_staff.store_id


def test_a_staff_member_of_no_store_can_be_appointed(
    melbourne_manager_client, melbourne_store, melbourne
):
    staff = StaffFactory(store=None, address=AddressFactory(city=melbourne, in_use_by="staff"))
    response = update(melbourne_manager_client, melbourne_store, {"storeManagerId": staff.id})
    assert response.status_code == 204
    melbourne_store.refresh_from_db()
    assert melbourne_store.store_manager_id == staff.id
    assert Staff.objects.get(id=staff.id).store_id == melbourne_store.id


def test_manager_living_in_another_state_is_400(melbourne_manager_client, melbourne_store, sydney):
    staff = StaffFactory(
        store=melbourne_store, address=AddressFactory(city=sydney, in_use_by="staff")
    )
    response = update(melbourne_manager_client, melbourne_store, {"storeManagerId": staff.id})
    assert response.status_code == 400
    assert response.json() == error("Cannot assign manager to store outside state")
    assert Staff.objects.get(id=staff.id).store_id == staff.store_id


def test_manager_living_at_the_store_address_is_400(
    melbourne_manager_client, melbourne_store, melbourne
):
    staff = StaffFactory(
        store=melbourne_store,
        address=AddressFactory(
            address_line=melbourne_store.address.address_line,
            city=melbourne,
            postal_code="3999",
            in_use_by="staff",
        ),
    )
    response = update(melbourne_manager_client, melbourne_store, {"storeManagerId": staff.id})
    assert response.status_code == 400
    assert response.json() == error("Store manager address cannot be same as store address")


def test_nul_character_in_the_address_is_400(melbourne_manager_client, melbourne_store):
    body = {"address": address(line="5 \x00 St")}
    response = update(melbourne_manager_client, melbourne_store, body)
    assert response.status_code == 400
    assert response.json() == error("Text values cannot contain NUL characters")
