"""GET /api/staff/{id} (P15)."""

import pytest

from tests.factories import StaffFactory
from tests.people.conftest import error

pytestmark = pytest.mark.django_db


def test_detail_shape_with_the_stores_own_address(caller, staff_1, store_1, sydney):
    # The staff member lives in another city than the store: the nested store keeps its own.
    staff_1.address.city = sydney
    staff_1.address.save()
    body = caller("staff_1").get(f"/api/staff/{staff_1.id}").json()
    assert body == {
        "id": staff_1.id,
        "firstName": staff_1.first_name,
        "lastName": staff_1.last_name,
        "email": staff_1.email,
        "isStoreManager": False,
        "active": True,
        "phoneNumber": staff_1.phone_number,
        "avatar": None,
        "address": {
            "id": staff_1.address_id,
            "addressLine": staff_1.address.address_line,
            "cityName": "Sydney",
            "stateName": "New South Wales",
            "country": "Australia",
            "postalCode": "3000",
        },
        "store": {
            "id": store_1.id,
            "phoneNumber": store_1.phone_number,
            "address": {
                "id": store_1.address_id,
                "addressLine": store_1.address.address_line,
                "cityName": "Melbourne",
                "stateName": "Victoria",
                "country": "Australia",
                "postalCode": "3000",
            },
        },
    }


def test_manager_detail_says_so(caller, manager_1):
    body = caller("manager_1").get(f"/api/staff/{manager_1.id}").json()
    assert body["isStoreManager"] is True


def test_staff_without_store(caller, staff_1):
    loner = StaffFactory(store=None)
    body = caller("staff_1").get(f"/api/staff/{loner.id}").json()
    assert (body["store"], body["isStoreManager"]) == (None, None)


def test_non_numeric_id_is_400(caller, staff_1):
    response = caller("staff_1").get("/api/staff/abc")
    assert response.status_code == 400
    assert response.json() == error("Invalid staff id")


def test_id_with_more_digits_than_int_converts_is_400(caller, staff_1):
    response = caller("staff_1").get(f"/api/staff/{'9' * 5000}")
    assert response.status_code == 400
    assert response.json() == error("Invalid staff id")


@pytest.mark.parametrize("raw", ["0", "-4", "999999"])
def test_zero_negative_or_unknown_id_is_404(caller, staff_1, raw):
    response = caller("staff_1").get(f"/api/staff/{raw}")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")
