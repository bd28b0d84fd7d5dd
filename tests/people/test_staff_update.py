"""PUT /api/staff/{id} (P5, P10, P13, P22; docs/decisions.md store scoping)."""

import pytest

from people.models import Staff
from places.models import Address
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, CustomerFactory, StaffFactory, StoreFactory
from tests.people.conftest import FORBIDDEN, UNAUTHENTICATED, address_body, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_m1(caller, manager_1):
    return caller("manager_1")


def put(client, staff, body):
    return client.put(f"/api/staff/{staff.id}", body, format="json")


def fresh(staff):
    return Staff.objects.select_related("address").get(id=staff.id)


def test_update_writes_the_listed_fields(client_m1, staff_1):
    body = {
        "firstName": "Sam",
        "lastName": "Staff",
        "email": "sam@example.com",
        "phoneNumber": "0422222222",
        "avatar": "https://example.com/s.png",
        "active": False,
    }
    response = put(client_m1, staff_1, body)
    assert response.status_code == 204
    assert response.content == b""
    row = fresh(staff_1)
    assert (row.first_name, row.last_name, row.email, row.phone_number, row.avatar) == (
        "Sam",
        "Staff",
        "sam@example.com",
        "0422222222",
        "https://example.com/s.png",
    )
    assert row.active is False


def test_password_and_other_columns_are_never_written(client_m1, staff_1):
    before = fresh(staff_1)
    body = {
        "userPassword": "plain",
        "user_password": "plain",
        "id": 999,
        "role": "STORE_MANAGER",
        "addressId": 1,
        "createdAt": "2020-01-01",
    }
    assert put(client_m1, staff_1, body).status_code == 204
    after = fresh(staff_1)
    assert after.user_password == before.user_password
    assert (after.id, after.address_id) == (before.id, before.address_id)


def test_resending_own_phone_and_email_is_not_a_conflict(client_m1, staff_1):
    body = {"phoneNumber": staff_1.phone_number, "email": staff_1.email.upper()}
    response = put(client_m1, staff_1, body)
    assert (response.status_code, response.content) == (204, b"")
    after = fresh(staff_1)
    assert (after.phone_number, after.email) == (staff_1.phone_number, staff_1.email.upper())


def test_manager_updates_themself(client_m1, manager_1):
    assert put(client_m1, manager_1, {"firstName": "Boss"}).status_code == 204
    assert fresh(manager_1).first_name == "Boss"


def test_staff_of_another_store_is_403(client_m1, manager_2):
    response = put(client_m1, manager_2, {"firstName": "Zed"})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert fresh(manager_2).first_name != "Zed"


def test_staff_without_a_store_is_403(client_m1):
    loner = StaffFactory(store=None)
    response = put(client_m1, loner, {"firstName": "Zed"})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_non_numeric_id_is_400(client_m1):
    response = client_m1.put("/api/staff/abc", {}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Invalid staff id")


def test_unknown_staff_is_404(client_m1):
    response = client_m1.put("/api/staff/999999", {}, format="json")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


def test_incomplete_address_is_400(client_m1, staff_1):
    response = put(client_m1, staff_1, {"address": {"addressLine": "x"}, "firstName": "Zed"})
    assert response.status_code == 400
    assert response.json() == error("Incomplete address")
    assert fresh(staff_1).first_name != "Zed"


def test_phone_of_a_store_is_400(client_m1, staff_1, store_2):
    response = put(client_m1, staff_1, {"phoneNumber": store_2.phone_number})
    assert response.status_code == 400
    assert response.json() == error("The phone number is in use by a store")


def test_phone_of_other_staff_is_400(client_m1, staff_1, manager_2):
    response = put(client_m1, staff_1, {"phoneNumber": manager_2.phone_number})
    assert response.status_code == 400
    assert response.json() == error("The phone number is in use by other staff")


def test_email_of_other_staff_is_400(client_m1, staff_1, manager_2):
    response = put(client_m1, staff_1, {"email": manager_2.email})
    assert response.status_code == 400
    assert response.json() == error("The email address is in use by other staff")


def test_email_of_a_customer_is_400(client_m1, staff_1):
    customer = CustomerFactory()
    response = put(client_m1, staff_1, {"email": customer.email})
    assert response.status_code == 400
    assert response.json() == error("The email address is in use by a customer")


def test_phone_is_checked_before_email(client_m1, staff_1, manager_2):
    body = {"phoneNumber": manager_2.phone_number, "email": manager_2.email}
    response = put(client_m1, staff_1, body)
    assert (response.status_code, response.json()) == (
        400,
        error("The phone number is in use by other staff"),
    )


def test_unknown_store_id_is_404(client_m1, staff_1):
    response = put(client_m1, staff_1, {"storeId": 424242})
    assert response.status_code == 404
    assert response.json() == error("Store with id 424242 not found")


def test_moving_to_another_store_is_403(client_m1, staff_1, store_2):
    response = put(client_m1, staff_1, {"storeId": store_2.id})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert fresh(staff_1).store_id != store_2.id


def test_own_store_id_is_accepted(client_m1, staff_1, store_1):
    response = put(client_m1, staff_1, {"storeId": store_1.id})
    assert (response.status_code, response.content) == (204, b"")
    assert fresh(staff_1).store_id == store_1.id


def test_address_outside_the_stores_state_is_400(client_m1, staff_1):
    body = {"address": address_body(city="Sydney", state="New South Wales")}
    response = put(client_m1, staff_1, body)
    assert response.status_code == 400
    assert response.json() == error("Cannot assign staff to store outside state")


def test_state_comparison_is_case_insensitive(client_m1, staff_1, melbourne):
    body = {"address": address_body(line="2 Case St", city="melbourne", state="VICTORIA")}
    assert put(client_m1, staff_1, body).status_code == 204
    assert fresh(staff_1).address.city_id == melbourne.id


def test_store_in_another_state_than_the_current_address_is_400(client_m1, staff_1, sydney):
    # The staff member lives in New South Wales; their store is in Victoria.
    Address.objects.filter(id=staff_1.address_id).update(city=sydney)
    response = put(client_m1, staff_1, {"storeId": staff_1.store_id})
    assert response.status_code == 400
    assert response.json() == error("Cannot assign staff to store outside state")


def test_new_address_rewrites_their_own_row(client_m1, staff_1):
    row_id = staff_1.address_id
    assert put(client_m1, staff_1, {"address": address_body(line="6 Moved St")}).status_code == 204
    row = fresh(staff_1).address
    assert (row.id, row.address_line, row.in_use_by) == (row_id, "6 Moved St", "staff")


def test_address_of_someone_else_is_not_available(client_m1, staff_1, customer_a):
    body = {"address": address_body(line=customer_a.address.address_line)}
    response = put(client_m1, staff_1, body)
    assert response.status_code == 400
    assert response.json() == error("The address is not available for use")


def test_shared_row_stays_with_the_other_owner(client_m1, staff_1, customer_a):
    shared = customer_a.address
    Staff.objects.filter(id=staff_1.id).update(address=shared)
    response = put(client_m1, staff_1, {"address": address_body(line="10 Own St")})
    assert response.status_code == 204
    assert fresh(staff_1).address_id != shared.id
    kept = Address.objects.get(id=shared.id)
    assert (kept.address_line, kept.in_use_by) == (shared.address_line, "customer")


def test_unknown_city_is_404_and_nothing_changes(client_m1, staff_1, australia):
    body = {"firstName": "Zed", "address": address_body(city="Geelong")}
    response = put(client_m1, staff_1, body)
    assert response.status_code == 404
    assert response.json() == error("City not found")
    assert fresh(staff_1).first_name != "Zed"


@pytest.mark.parametrize("value", ["true", 1, "yes"])
def test_non_boolean_active_is_400(client_m1, staff_1, value):
    response = put(client_m1, staff_1, {"active": value})
    assert response.status_code == 400
    assert response.json() == error("Active flag must be boolean (true or false)")


def test_oversized_name_is_400(client_m1, staff_1):
    response = put(client_m1, staff_1, {"lastName": "x" * 46})
    assert response.status_code == 400
    assert response.json() == error("Last name must be at most 45 characters long")


def test_deactivated_staff_loses_access_with_a_live_token(caller, client_m1, staff_1):
    client = caller("staff_1")
    put(client_m1, staff_1, {"active": False})
    response = client.get("/api/staff")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_manager_without_an_address_gets_a_new_row(db):
    store = StoreFactory()
    manager = StaffFactory(store=store, address=None)
    store.store_manager = manager
    store.save()
    city = store.address.city
    body = {
        "address": {
            "addressLine": "1 First St",
            "cityName": city.city_name,
            "stateName": city.state_name,
            "country": city.country.country_name,
            "postalCode": "1234",
        }
    }
    client = logged_in_client(manager.email, PASSWORD)
    assert put(client, manager, body).status_code == 204
    assert fresh(manager).address.in_use_by == "staff"
    assert Address.objects.filter(address_line="1 First St").count() == 1


def test_resending_own_email_also_used_by_a_customer_is_fine(client_m1, staff_1):
    # Reference data may share an email between a customer and a staff member.
    CustomerFactory(email=staff_1.email.upper())
    response = put(client_m1, staff_1, {"email": staff_1.email})
    assert (response.status_code, response.content) == (204, b"")
    assert fresh(staff_1).email == staff_1.email
