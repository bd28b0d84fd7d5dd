"""POST /api/staff (P5, P10, P14; docs/decisions.md store scoping)."""

import pytest

from people.models import Staff
from places.models import Address
from tests.factories import AddressFactory, CustomerFactory, StaffFactory
from tests.people.conftest import FORBIDDEN, address_body, error

pytestmark = pytest.mark.django_db

URL = "/api/staff"


@pytest.fixture
def client_m1(caller, manager_1):
    return caller("manager_1")


def body(**overrides):
    data = {
        "firstName": "Nia",
        "lastName": "New",
        "phoneNumber": "0411111111",
        "email": "nia@x.org",
        "address": address_body(line="12 Staff Street"),
    }
    data.update(overrides)
    return data


def created(staff: Staff, **changes) -> dict:
    """The 201 body for `body()` (test_create_answers_the_new_staff_member spells it out)."""
    return {
        "id": staff.id,
        "firstName": "Nia",
        "lastName": "New",
        "email": "nia@x.org",
        "storeId": staff.store_id,
        "active": True,
        "phoneNumber": "0411111111",
        "avatar": None,
        "address": {
            "id": staff.address_id,
            "addressLine": "12 Staff Street",
            "cityName": "Melbourne",
            "stateName": "Victoria",
            "country": "Australia",
            "postalCode": "3000",
        },
        **changes,
    }


def test_create_answers_the_new_staff_member(client_m1, store_1, melbourne):
    response = client_m1.post(URL, body(storeId=store_1.id), format="json")
    assert response.status_code == 201
    staff = Staff.objects.get(phone_number="0411111111")
    assert response.json() == {
        "id": staff.id,
        "firstName": "Nia",
        "lastName": "New",
        "email": "nia@x.org",
        "storeId": store_1.id,
        "active": True,
        "phoneNumber": "0411111111",
        "avatar": None,
        "address": {
            "id": staff.address_id,
            "addressLine": "12 Staff Street",
            "cityName": "Melbourne",
            "stateName": "Victoria",
            "country": "Australia",
            "postalCode": "3000",
        },
    }


def test_new_staff_has_no_password_and_owns_the_address(client_m1, store_1):
    client_m1.post(URL, body(), format="json")
    staff = Staff.objects.select_related("address").get(phone_number="0411111111")
    assert staff.user_password is None
    assert staff.address.in_use_by == "staff"


def test_store_defaults_to_the_callers_store(client_m1, store_1):
    response = client_m1.post(URL, body(), format="json")
    assert response.json()["storeId"] == store_1.id


def test_another_store_is_403_and_nothing_is_created(client_m1, store_2):
    response = client_m1.post(URL, body(storeId=store_2.id), format="json")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert not Staff.objects.filter(phone_number="0411111111").exists()


def test_unknown_store_is_404(client_m1):
    response = client_m1.post(URL, body(storeId=999999), format="json")
    assert response.status_code == 404
    assert response.json() == error("Store not found")


def test_non_numeric_store_is_400(client_m1):
    response = client_m1.post(URL, body(storeId="abc"), format="json")
    assert response.status_code == 400
    assert response.json() == error("Invalid store id")


def test_email_may_be_omitted(client_m1):
    data = body()
    del data["email"]
    response = client_m1.post(URL, data, format="json")
    assert response.status_code == 201
    assert response.json()["email"] is None


def test_password_and_role_fields_are_ignored(client_m1):
    data = body(userPassword="plain", user_password="plain", role="STORE_MANAGER", active=False)
    response = client_m1.post(URL, data, format="json")
    assert response.status_code == 201
    staff = Staff.objects.get(phone_number="0411111111")
    assert response.json() == created(staff)
    assert staff.user_password is None and staff.active is True


@pytest.mark.parametrize("address", [None, {}, {**address_body(), "cityName": ""}])
def test_missing_or_incomplete_address_is_400(client_m1, address):
    response = client_m1.post(URL, body(address=address), format="json")
    assert response.status_code == 400
    assert response.json() == error("Incomplete address")


@pytest.mark.parametrize("field", ["firstName", "lastName", "phoneNumber"])
def test_missing_required_field_is_400(client_m1, field):
    response = client_m1.post(URL, body(**{field: ""}), format="json")
    assert response.status_code == 400
    assert response.json() == error("Missing required data")


def test_incomplete_address_comes_before_missing_data(client_m1):
    response = client_m1.post(URL, {"address": {}}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Incomplete address")


def test_address_of_a_store_is_400(client_m1, store_2):
    store_address = store_2.address
    address = address_body(line=store_address.address_line, city="Sydney", state="New South Wales")
    response = client_m1.post(URL, body(address=address), format="json")
    assert response.status_code == 400
    assert response.json() == error("The address is in use by a store")


def test_phone_of_a_store_is_400(client_m1, store_2):
    response = client_m1.post(URL, body(phoneNumber=store_2.phone_number), format="json")
    assert response.status_code == 400
    assert response.json() == error("The phone number is in use by a store")


def test_address_of_other_staff_is_400(client_m1, staff_1):
    address = address_body(line=staff_1.address.address_line)
    response = client_m1.post(URL, body(address=address), format="json")
    assert response.status_code == 400
    assert response.json() == error("The address is in use by other staff")


def test_address_of_a_customer_is_not_available(client_m1, customer_a):
    address = address_body(line=customer_a.address.address_line)
    response = client_m1.post(URL, body(address=address), format="json")
    assert response.status_code == 400
    assert response.json() == error("The address is not available for use")
    assert Address.objects.get(id=customer_a.address_id).in_use_by == "customer"


def test_phone_of_other_staff_is_400(client_m1, staff_1):
    response = client_m1.post(URL, body(phoneNumber=staff_1.phone_number), format="json")
    assert response.status_code == 400
    assert response.json() == error("The phone number is in use by other staff")


def test_store_address_is_checked_before_store_phone(client_m1, store_2):
    address = address_body(
        line=store_2.address.address_line, city="Sydney", state="New South Wales"
    )
    data = body(address=address, phoneNumber=store_2.phone_number)
    response = client_m1.post(URL, data, format="json")
    assert (response.status_code, response.json()) == (
        400,
        error("The address is in use by a store"),
    )


def test_store_phone_is_checked_before_staff_address(client_m1, store_2, staff_1):
    address = address_body(line=staff_1.address.address_line)
    data = body(address=address, phoneNumber=store_2.phone_number)
    response = client_m1.post(URL, data, format="json")
    assert (response.status_code, response.json()) == (
        400,
        error("The phone number is in use by a store"),
    )


def test_staff_phone_is_checked_before_unknown_city(client_m1, staff_1):
    data = body(phoneNumber=staff_1.phone_number, address=address_body(city="Atlantis"))
    response = client_m1.post(URL, data, format="json")
    assert (response.status_code, response.json()) == (
        400,
        error("The phone number is in use by other staff"),
    )


def test_email_of_other_staff_is_400(client_m1, staff_1):
    response = client_m1.post(URL, body(email=staff_1.email.upper()), format="json")
    assert response.status_code == 400
    assert response.json() == error("The email address is in use by other staff")


def test_email_of_a_customer_is_400(client_m1):
    customer = CustomerFactory()
    response = client_m1.post(URL, body(email=customer.email), format="json")
    assert response.status_code == 400
    assert response.json() == error("The email address is in use by a customer")


def test_unknown_country_is_404(client_m1):
    data = body(address={**address_body(), "country": "Atlantis"})
    response = client_m1.post(URL, data, format="json")
    assert response.status_code == 404
    assert response.json() == error("Country not found")


def test_unknown_city_is_404(client_m1):
    response = client_m1.post(URL, body(address=address_body(city="Atlantis")), format="json")
    assert response.status_code == 404
    assert response.json() == error("City not found")
    assert not Staff.objects.filter(phone_number="0411111111").exists()


def test_free_equal_address_row_is_reused(client_m1, melbourne):
    free = AddressFactory(address_line="4 Free Lane", city=melbourne, postal_code="3000")
    response = client_m1.post(URL, body(address=address_body(line="4 free lane")), format="json")
    assert response.json()["address"]["id"] == free.id
    assert Address.objects.get(id=free.id).in_use_by == "staff"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("firstName", "x" * 46, "First name must be at most 45 characters long"),
        ("lastName", "x" * 46, "Last name must be at most 45 characters long"),
        ("phoneNumber", "1" * 21, "Phone number must be at most 20 characters long"),
        ("avatar", "x" * 121, "Avatar must be at most 120 characters long"),
        ("email", "x" * 101, "Email must be at most 100 characters long"),
        ("email", 42, "Email must be a string"),
    ],
)
def test_oversized_or_mistyped_fields_are_400(client_m1, field, value, message):
    response = client_m1.post(URL, body(**{field: value}), format="json")
    assert response.status_code == 400
    assert response.json() == error(message)


def test_staff_member_cannot_create(caller, staff_1):
    response = caller("staff_1").post(URL, body(), format="json")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_two_staff_without_email_are_allowed(client_m1):
    StaffFactory(email=None)
    data = body()
    del data["email"]
    response = client_m1.post(URL, data, format="json")
    assert response.status_code == 201
    assert response.json() == created(Staff.objects.get(phone_number="0411111111"), email=None)
