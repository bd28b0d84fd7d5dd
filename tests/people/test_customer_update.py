"""PUT /api/customers/{id} (P10, P14, P22)."""

import pytest

from people.models import Customer, Staff
from places.models import Address
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, AddressFactory, CustomerFactory, StaffFactory, StoreFactory
from tests.people.conftest import FORBIDDEN, address_body, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(caller, customer_a):
    return caller("customer_a")


def put(client, customer, body):
    return client.put(f"/api/customers/{customer.id}", body, format="json")


def fresh(customer):
    return Customer.objects.select_related("address").get(id=customer.id)


def test_customer_updates_names_phone_and_avatar(client_a, customer_a):
    body = {
        "firstName": "Ann",
        "lastName": "Lee",
        "phoneNumber": "0400000999",
        "avatar": "https://example.com/a.png",
    }
    response = put(client_a, customer_a, body)
    assert response.status_code == 204
    assert response.content == b""
    row = fresh(customer_a)
    assert (row.first_name, row.last_name, row.phone_number, row.avatar) == (
        "Ann",
        "Lee",
        "0400000999",
        "https://example.com/a.png",
    )


def test_empty_values_are_ignored(client_a, customer_a):
    before = fresh(customer_a)
    body = {"firstName": "", "lastName": None, "phoneNumber": "", "avatar": None, "address": None}
    assert put(client_a, customer_a, body).status_code == 204
    after = fresh(customer_a)
    assert (after.first_name, after.last_name, after.phone_number, after.address_id) == (
        before.first_name,
        before.last_name,
        before.phone_number,
        before.address_id,
    )


def test_unlisted_fields_are_ignored(client_a, customer_a):
    body = {
        "email": "other1@example.com",
        "active": False,
        "registeredOn": "2020-01-01",
        "userPassword": "plain",
        "id": 999,
    }
    assert put(client_a, customer_a, body).status_code == 204
    row = fresh(customer_a)
    assert row.email == customer_a.email and row.active is True
    assert str(row.registered_on) == "2024-01-02"
    assert row.user_password == customer_a.user_password


def test_manager_updates_any_customer(caller, customer_a):
    response = put(caller("manager_2"), customer_a, {"lastName": "Managed"})
    assert response.status_code == 204
    assert fresh(customer_a).last_name == "Managed"


def test_sets_the_preferred_store(client_a, customer_a, store_2):
    assert put(client_a, customer_a, {"preferredStoreId": store_2.id}).status_code == 204
    assert fresh(customer_a).preferred_store_id == store_2.id


def test_unknown_preferred_store_is_404(client_a, customer_a):
    response = put(client_a, customer_a, {"preferredStoreId": 999999, "firstName": "Zed"})
    assert response.status_code == 404
    assert response.json() == error("Preferred store not found")
    assert fresh(customer_a).first_name != "Zed"


@pytest.mark.parametrize("store_id", ["abc", "²", pytest.param("9" * 5000, id="5000-digits")])
def test_non_numeric_preferred_store_is_400(client_a, customer_a, store_id):
    response = put(client_a, customer_a, {"preferredStoreId": store_id})
    assert response.status_code == 400
    assert response.json() == error("Preferred store id must be a number")


def test_phone_of_another_customer_is_400(client_a, customer_a, customer_b):
    response = put(client_a, customer_a, {"phoneNumber": customer_b.phone_number})
    assert response.status_code == 400
    assert response.json() == error("Customer with the same phone number already exist")
    assert fresh(customer_a).phone_number == customer_a.phone_number


def test_resending_own_phone_is_fine(client_a, customer_a):
    response = put(client_a, customer_a, {"phoneNumber": customer_a.phone_number})
    assert (response.status_code, response.content) == (204, b"")
    assert fresh(customer_a).phone_number == customer_a.phone_number


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("firstName", "x" * 46, "First name must be at most 45 characters long"),
        ("lastName", "x" * 46, "Last name must be at most 45 characters long"),
        ("phoneNumber", "1" * 21, "Phone number must be at most 20 characters long"),
        ("avatar", "x" * 121, "Avatar must be at most 120 characters long"),
        ("firstName", ["Ann"], "First name must be a string"),
    ],
)
def test_oversized_or_mistyped_fields_are_400(client_a, customer_a, field, value, message):
    response = put(client_a, customer_a, {field: value})
    assert response.status_code == 400
    assert response.json() == error(message)


def test_longest_allowed_values_are_stored(client_a, customer_a):
    body = {"firstName": "x" * 45, "avatar": "y" * 120}
    assert put(client_a, customer_a, body).status_code == 204
    assert fresh(customer_a).first_name == "x" * 45


@pytest.mark.parametrize(
    "address",
    [
        {},
        {"addressLine": "1 A St", "cityName": "Melbourne", "stateName": "Victoria"},
        {**address_body(), "postalCode": ""},
        "1 A St, Melbourne",
        [1],
    ],
)
def test_incomplete_address_is_400(client_a, customer_a, address):
    response = put(client_a, customer_a, {"address": address, "firstName": "Zed"})
    assert response.status_code == 400
    assert response.json() == error("Incomplete address")
    assert fresh(customer_a).first_name != "Zed"


def test_incomplete_address_is_checked_before_the_preferred_store(client_a, customer_a):
    response = put(client_a, customer_a, {"address": {}, "preferredStoreId": 999999})
    assert response.status_code == 400
    assert response.json() == error("Incomplete address")


def test_preferred_store_is_checked_before_the_phone(client_a, customer_a, customer_b):
    body = {"preferredStoreId": 999999, "phoneNumber": customer_b.phone_number}
    response = put(client_a, customer_a, body)
    assert (response.status_code, response.json()) == (404, error("Preferred store not found"))


def test_phone_is_checked_before_the_address(client_a, customer_a, customer_b):
    body = {"phoneNumber": customer_b.phone_number, "address": address_body(city="Nowhere")}
    response = put(client_a, customer_a, body)
    assert (response.status_code, response.json()) == (
        400,
        error("Customer with the same phone number already exist"),
    )


def test_new_address_rewrites_the_customers_own_row_in_place(client_a, customer_a, melbourne):
    row_id = customer_a.address_id
    response = put(client_a, customer_a, {"address": address_body(line="7 Fresh Road")})
    assert response.status_code == 204
    row = fresh(customer_a).address
    assert row.id == row_id
    assert (row.address_line, row.city_id, row.postal_code, row.in_use_by) == (
        "7 Fresh Road",
        melbourne.id,
        "3000",
        "customer",
    )


def test_new_address_for_a_customer_without_one_creates_a_row(melbourne):
    customer = CustomerFactory(address=None)
    client = logged_in_client(customer.email, PASSWORD)
    response = put(client, customer, {"address": address_body(line="8 New Road")})
    assert response.status_code == 204
    row = fresh(customer).address
    assert (row.address_line, row.city_id, row.in_use_by) == (
        "8 New Road",
        melbourne.id,
        "customer",
    )


def test_address_matching_is_case_insensitive(client_a, customer_a, melbourne):
    free = AddressFactory(address_line="5 Free St", city=melbourne, postal_code="3000")
    body = address_body(line="5 FREE ST", city="MELBOURNE", state="victoria")
    body["country"] = "au"
    assert put(client_a, customer_a, {"address": body}).status_code == 204
    assert fresh(customer_a).address_id == free.id


def test_equal_free_row_is_taken_and_the_old_row_released(client_a, customer_a, melbourne):
    old_id = customer_a.address_id
    free = AddressFactory(address_line="5 Free St", city=melbourne, postal_code="3000")
    response = put(client_a, customer_a, {"address": address_body(line="5 Free St")})
    assert response.status_code == 204
    assert fresh(customer_a).address_id == free.id
    assert Address.objects.get(id=free.id).in_use_by == "customer"
    old = Address.objects.get(id=old_id)
    assert old.in_use_by is None
    assert old.address_line == customer_a.address.address_line  # kept, not rewritten


def test_address_of_another_customer_is_not_available(client_a, customer_a, customer_b):
    theirs = customer_b.address
    body = address_body(line=theirs.address_line, postal=theirs.postal_code)
    response = put(client_a, customer_a, {"address": body})
    assert response.status_code == 400
    assert response.json() == error("The address is not available for use")
    assert fresh(customer_a).address_id == customer_a.address_id


def test_address_of_a_store_is_not_available(client_a, customer_a, store_1):
    theirs = store_1.address
    body = address_body(line=theirs.address_line, postal=theirs.postal_code)
    response = put(client_a, customer_a, {"address": body})
    assert response.status_code == 400
    assert response.json() == error("The address is not available for use")


def test_row_held_with_a_null_in_use_by_is_not_available(client_a, customer_a, melbourne):
    # Rows written by the reference: held by a staff member, in_use_by never set.
    legacy = AddressFactory(address_line="3 Legacy St", city=melbourne, in_use_by=None)
    StaffFactory(address=legacy)
    response = put(client_a, customer_a, {"address": address_body(line="3 Legacy St")})
    assert response.status_code == 400
    assert response.json() == error("The address is not available for use")


def test_resending_own_address_keeps_the_row(client_a, customer_a):
    own = customer_a.address
    body = address_body(line=own.address_line.upper(), postal=own.postal_code)
    assert put(client_a, customer_a, {"address": body}).status_code == 204
    assert fresh(customer_a).address_id == own.id


def test_shared_row_is_not_rewritten_for_the_other_owner(client_a, customer_a, melbourne):
    # Two owners on one row (reference data, P10): an update of one leaves the other's alone.
    shared = customer_a.address
    staff = StaffFactory(address=shared, store=StoreFactory())
    response = put(client_a, customer_a, {"address": address_body(line="9 Own Way")})
    assert response.status_code == 204
    new_row = fresh(customer_a).address
    assert new_row.id != shared.id
    assert (new_row.address_line, new_row.in_use_by) == ("9 Own Way", "customer")
    kept = Address.objects.get(id=shared.id)
    assert kept.address_line == shared.address_line
    assert kept.in_use_by == "staff"
    assert Staff.objects.get(id=staff.id).address_id == shared.id


def test_unknown_country_is_404(client_a, customer_a):
    body = {**address_body(), "country": "Atlantis"}
    response = put(client_a, customer_a, {"address": body, "firstName": "Zed"})
    assert response.status_code == 404
    assert response.json() == error("Country not found")
    assert fresh(customer_a).first_name != "Zed"


def test_unknown_city_is_404(client_a, customer_a, melbourne):
    response = put(client_a, customer_a, {"address": address_body(state="Tasmania")})
    assert response.status_code == 404
    assert response.json() == error("City not found")


def test_oversized_address_line_is_400(client_a, customer_a):
    response = put(client_a, customer_a, {"address": address_body(line="x" * 121)})
    assert response.status_code == 400
    assert response.json() == error("Address line must be at most 120 characters long")


@pytest.mark.parametrize("raw", ["0", "abc", "-3"])
def test_invalid_id_is_400(caller, customer_a, raw):
    response = caller("manager_1").put(f"/api/customers/{raw}", {}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Invalid customer id")


def test_unknown_customer_is_404(caller, customer_a):
    response = caller("manager_1").put("/api/customers/999999", {}, format="json")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


def test_ownership_is_checked_before_the_body(caller, customer_a, customer_b):
    response = put(caller("customer_b"), customer_a, {"address": {}})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_non_json_body_changes_nothing(client_a, customer_a):
    response = client_a.put(
        f"/api/customers/{customer_a.id}", "firstName=Zed", content_type="text/plain"
    )
    assert response.status_code == 204
    assert fresh(customer_a).first_name == customer_a.first_name
