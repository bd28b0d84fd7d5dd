"""POST /api/stores."""

import pytest

from people.models import Staff
from places.models import Address
from stores.models import Store
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, AddressFactory, CustomerFactory, StaffFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error
from tests.stores.payloads import address, address_of, new_manager

pytestmark = pytest.mark.django_db


def create(client, body):
    return client.post("/api/stores", body, format="json")


def counts():
    return (Store.objects.count(), Staff.objects.count(), Address.objects.count())


def test_anonymous_is_401(anon_client):
    response = create(anon_client, {"phoneNumber": "0290000001", "address": address()})
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("role", ["customer_client", "staff_client"])
def test_other_roles_are_403(request, role, melbourne):
    client = request.getfixturevalue(role)
    response = create(client, {"phoneNumber": "0290000001", "address": address()})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_creates_a_store_without_manager(manager_client, melbourne):
    response = create(manager_client, {"phoneNumber": "0290000001", "address": address()})
    assert response.status_code == 201
    store = Store.objects.get(phone_number="0290000001")
    assert response.json() == {
        "id": store.id,
        "phoneNumber": "0290000001",
        "storeManager": None,
        "address": {
            "id": store.address_id,
            "addressLine": "1 New St",
            "cityName": "Melbourne",
            "stateName": "Victoria",
            "country": "Australia",
            "postalCode": "3000",
        },
    }
    assert store.address.in_use_by == "store"
    assert store.store_manager_id is None


def test_existing_staff_becomes_manager_of_the_new_store_and_logs_in_as_manager(
    manager_client, store, melbourne, geelong
):
    staff = StaffFactory(store=store, address=AddressFactory(city=geelong, in_use_by="staff"))
    old_store_id = staff.store_id
    body = {"phoneNumber": "0290000001", "address": address(), "storeManagerId": staff.id}
    response = create(manager_client, body)
    assert response.status_code == 201
    store = Store.objects.get(phone_number="0290000001")
    staff.refresh_from_db()
    assert store.store_manager_id == staff.id
    assert staff.store_id == store.id != old_store_id
    manager = response.json()["storeManager"]
    assert (manager["id"], manager["storeId"]) == (staff.id, store.id)
    assert manager["address"]["cityName"] == "Geelong"
    login = logged_in_client(staff.email, PASSWORD).get("/api/auth/me")
    assert login.json()["isStoreManager"] is True


def test_new_manager_is_created_without_password_in_the_new_store(manager_client, melbourne):
    body = {"phoneNumber": "0290000001", "address": address(), "storeManager": new_manager()}
    response = create(manager_client, body)
    assert response.status_code == 201
    store = Store.objects.get(phone_number="0290000001")
    manager = Staff.objects.get(email="nia@example.com")
    assert store.store_manager_id == manager.id
    assert manager.store_id == store.id
    assert manager.active is True
    assert manager.user_password is None
    assert manager.address.address_line == "7 Home Rd"
    assert manager.address.in_use_by == "staff"
    assert response.json()["storeManager"]["firstName"] == "Nia"


def test_a_free_equal_address_row_is_reused(manager_client, melbourne):
    free = AddressFactory(address_line="1 New St", city=melbourne, in_use_by=None)
    response = create(manager_client, {"phoneNumber": "0290000001", "address": address()})
    assert response.json()["address"]["id"] == free.id
    free.refresh_from_db()
    assert free.in_use_by == "store"


def test_both_manager_forms_are_400(manager_client, store_staff, melbourne):
    body = {
        "phoneNumber": "0290000001",
        "address": address(),
        "storeManagerId": store_staff.id,
        "storeManager": new_manager(),
    }
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Duplicate store manager data in request")


@pytest.mark.parametrize(
    "body",
    [{"address": {"addressLine": "x"}}, {"phoneNumber": "0290000001"}, {"phoneNumber": ""}],
)
def test_missing_phone_or_address_is_400(manager_client, body):
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Missing required data")


def test_incomplete_address_is_400(manager_client):
    body = {"phoneNumber": "0290000001", "address": {"addressLine": "1 New St"}}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Incomplete address")


def test_address_of_another_store_is_400(manager_client, melbourne_store):
    before = counts()
    body = {"phoneNumber": "0290000001", "address": address_of(melbourne_store.address)}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("The address is in use by other store")
    assert counts() == before


def test_address_of_a_staff_member_is_400(manager_client, melbourne):
    staff = StaffFactory(address=AddressFactory(city=melbourne, in_use_by="staff"))
    body = {"phoneNumber": "0290000001", "address": address_of(staff.address)}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("The address is in use by other staff")


def test_address_of_a_customer_is_400(manager_client, melbourne):
    customer = CustomerFactory(address=AddressFactory(city=melbourne, in_use_by="customer"))
    body = {"phoneNumber": "0290000001", "address": address_of(customer.address)}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("The address is not available for use")


def test_phone_of_another_store_is_400(manager_client, store, melbourne):
    response = create(manager_client, {"phoneNumber": store.phone_number, "address": address()})
    assert response.status_code == 400
    assert response.json() == error("The phone number is in use by other store")


def test_phone_of_a_staff_member_is_400(manager_client, store_manager, melbourne):
    body = {"phoneNumber": store_manager.phone_number, "address": address()}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("The phone number is in use by staff")


def test_a_manager_of_a_store_is_400(manager_client, store_manager, melbourne):
    # Their own staff, so in scope; but they manage their store already.
    body = {"phoneNumber": "0290000001", "address": address(), "storeManagerId": store_manager.id}
    before = counts()
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Store manager is assigned to existing store")
    assert counts() == before


def test_manager_of_another_store_is_403(manager_client, other_manager, melbourne):
    body = {"phoneNumber": "0290000001", "address": address(), "storeManagerId": other_manager.id}
    before = counts()
    response = create(manager_client, body)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert counts() == before


def test_another_stores_staff_cannot_be_taken_as_manager_of_a_new_store(
    manager_client, other_staff, melbourne
):
    before = counts()
    body = {"phoneNumber": "0290000001", "address": address(), "storeManagerId": other_staff.id}
    response = create(manager_client, body)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert counts() == before
    assert Staff.objects.get(id=other_staff.id).store_id == other_staff.store_id


def test_a_staff_member_of_no_store_can_manage_a_new_store(manager_client, melbourne):
    staff = StaffFactory(store=None, address=AddressFactory(city=melbourne, in_use_by="staff"))
    body = {"phoneNumber": "0290000001", "address": address(), "storeManagerId": staff.id}
    response = create(manager_client, body)
    assert response.status_code == 201
    store = Store.objects.get(phone_number="0290000001")
    assert (store.store_manager_id, Staff.objects.get(id=staff.id).store_id) == (
        staff.id,
        store.id,
    )


def test_an_unknown_appointee_is_404_before_the_scope_check(manager_client, melbourne):
    body = {"phoneNumber": "0290000001", "address": address(), "storeManagerId": 99999}
    response = create(manager_client, body)
    assert response.status_code == 404


def test_unknown_manager_id_is_404(manager_client, melbourne):
    body = {"phoneNumber": "0290000001", "address": address(), "storeManagerId": 99999}
    response = create(manager_client, body)
    assert response.status_code == 404
    assert response.json() == error("Staff with id 99999 not found")


def test_manager_living_in_another_state_is_400(manager_client, store, melbourne, sydney):
    staff = StaffFactory(store=store, address=AddressFactory(city=sydney, in_use_by="staff"))
    body = {"phoneNumber": "0290000001", "address": address(), "storeManagerId": staff.id}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Cannot assign manager to store outside state")


def test_new_manager_in_another_state_is_400(manager_client, melbourne, sydney):
    manager = new_manager(address=address(city="Sydney", state="new south wales"))
    body = {"phoneNumber": "0290000001", "address": address(), "storeManager": manager}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Cannot assign manager to store outside state")


def test_manager_at_the_store_address_is_400(manager_client, melbourne):
    manager = new_manager(address=address(line="1 NEW ST", postal="3001"))
    body = {"phoneNumber": "0290000001", "address": address(), "storeManager": manager}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Store manager address cannot be same as store address")


def test_manager_at_another_stores_address_is_400(manager_client, melbourne_store):
    manager = new_manager(address=address_of(melbourne_store.address))
    body = {"phoneNumber": "0290000001", "address": address(), "storeManager": manager}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Store manager address cannot be same as other store")


def test_new_manager_without_names_is_400_and_nothing_is_written(manager_client, melbourne):
    before = counts()
    manager = new_manager(firstName="")
    body = {"phoneNumber": "0290000001", "address": address(), "storeManager": manager}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Missing required data")
    assert counts() == before


def test_a_new_managers_missing_name_is_answered_before_the_stores_phone_in_use(
    manager_client, store, melbourne
):
    # docs/people.md "Request bodies": the whole body is validated before rows are read.
    manager = new_manager(firstName="")
    body = {"phoneNumber": store.phone_number, "address": address(), "storeManager": manager}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Missing required data")


def test_unknown_country_is_404(manager_client, melbourne):
    body = {"phoneNumber": "0290000001", "address": address(country="Atlantis")}
    response = create(manager_client, body)
    assert response.status_code == 404
    assert response.json() == error("Country not found")


def test_unknown_city_is_404(manager_client, melbourne):
    body = {"phoneNumber": "0290000001", "address": address(city="Nowhere")}
    response = create(manager_client, body)
    assert response.status_code == 404
    assert response.json() == error("City not found")


def test_store_address_taken_in_a_race_answers_the_contracts_400(
    manager_client, melbourne_store, monkeypatch
):
    # The address check passed (another request was not committed yet); the unique index
    # on store.address_id still refuses the second store.
    monkeypatch.setattr("stores.services._store_address_free", lambda data, store=None: None)
    monkeypatch.setattr("stores.services.address_assign", lambda **kwargs: melbourne_store.address)
    response = create(
        manager_client,
        {"phoneNumber": "0290000001", "address": address_of(melbourne_store.address)},
    )
    assert response.status_code == 400
    assert response.json() == error("Store with the given paylaod already exist")


def test_nul_character_in_a_text_field_is_400(manager_client, melbourne):
    body = {"phoneNumber": "02\x009", "address": address()}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Text values cannot contain NUL characters")
