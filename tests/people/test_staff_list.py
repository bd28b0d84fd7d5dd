"""GET /api/staff, /staff/summary, /staff/managers, /staff/managers/summary."""

import pytest

from people.models import Staff
from tests.factories import AddressFactory, StaffFactory
from tests.people.conftest import error

pytestmark = pytest.mark.django_db

MSG_EMAIL = "Staff email must be alpha numeric and only example.com domain is allowed"
MSG_ACTIVE = "Active flag must be boolean (true or false)"


def ids(response):
    return [item["id"] for item in response.json()["items"]]


def address_of(row):
    return {
        "id": row.id,
        "addressLine": row.address_line,
        "cityName": row.city.city_name,
        "stateName": row.city.state_name,
        "country": row.city.country.country_name,
        "postalCode": row.postal_code,
    }


def test_list_item_shape(caller, staff_1, manager_1):
    body = caller("staff_1").get("/api/staff").json()
    assert body["items"] == [
        {
            "id": person.id,
            "firstName": person.first_name,
            "lastName": person.last_name,
            "email": person.email,
            "active": True,
            "phoneNumber": person.phone_number,
            "avatar": None,
            "storeId": person.store_id,
            "isStoreManager": person.id == manager_1.id,
            "address": address_of(person.address),
        }
        for person in sorted([staff_1, manager_1], key=lambda p: p.id)
    ]
    assert body["pagination"]["totalItems"] == 2


def test_staff_without_store_has_null_is_store_manager(caller, staff_1):
    loner = StaffFactory(store=None, email=None)
    items = caller("staff_1").get("/api/staff").json()["items"]
    item = next(i for i in items if i["id"] == loner.id)
    assert (item["storeId"], item["isStoreManager"], item["email"]) == (None, None, None)


def test_query_is_validated_before_authentication(anon_client):
    response = anon_client.get("/api/staff", {"email": "bad"})
    assert (response.status_code, response.json()) == (400, error(MSG_EMAIL))
    response = anon_client.get("/api/staff", {"active": "maybe"})
    assert (response.status_code, response.json()) == (400, error(MSG_ACTIVE))
    response = anon_client.get("/api/staff", {"page": "0"})
    assert (response.status_code, response.json()) == (400, error("Invalid page number"))


def test_registered_on_is_not_a_staff_filter(caller, staff_1):
    response = caller("staff_1").get("/api/staff", {"registered_on": "nonsense"})
    unfiltered = caller("staff_1").get("/api/staff")
    assert response.status_code == 200
    assert response.json()["items"] == unfiltered.json()["items"] != []


@pytest.mark.parametrize("value, active", [("false", False), ("no", False), ("1", True)])
def test_active_filter(caller, staff_1, value, active):
    inactive = StaffFactory(store=staff_1.store, active=False)
    found = ids(caller("staff_1").get("/api/staff", {"active": value}))
    assert (inactive.id in found) is (not active)
    assert (staff_1.id in found) is active


def test_name_and_city_filters_filter_the_items(caller, staff_1, sydney):
    match = StaffFactory(first_name="Christina", address=AddressFactory(city=sydney))
    StaffFactory(first_name="Christina")
    response = caller("staff_1").get("/api/staff", {"first_name": "%rist%", "city": "sydney"})
    assert ids(response) == [match.id]


def test_email_filter(caller, staff_1):
    response = caller("staff_1").get("/api/staff", {"email": staff_1.email.upper()})
    assert ids(response) == [staff_1.id]


def test_no_match_is_404(caller, staff_1):
    response = caller("staff_1").get("/api/staff", {"last_name": "Nobody"})
    assert response.status_code == 404
    assert response.json() == error("No data found with the given query")


def test_summary_shape_is_public(anon_client, staff_1):
    response = anon_client.get("/api/staff/summary")
    assert response.status_code == 200
    assert response.json()["items"] == [
        {
            "id": staff.id,
            "firstName": staff.first_name,
            "lastName": staff.last_name,
            "email": staff.email,
            "active": True,
        }
        for staff in Staff.objects.order_by("id")
    ]


def test_summary_validates_the_query(anon_client):
    response = anon_client.get("/api/staff/summary", {"page": "x"})
    assert (response.status_code, response.json()) == (400, error("Invalid page number"))
    response = anon_client.get("/api/staff/summary", {"active": "true!"})
    assert (response.status_code, response.json()) == (400, error(MSG_ACTIVE))


def test_managers_list_shape_with_both_length_keys(caller, staff_1, manager_1, store_1):
    body = caller("staff_1").get("/api/staff/managers").json()
    assert body == {
        "items": [
            {
                "id": manager_1.id,
                "firstName": manager_1.first_name,
                "lastName": manager_1.last_name,
                "email": manager_1.email,
                "active": True,
                "phoneNumber": manager_1.phone_number,
                "avatar": None,
                "address": address_of(manager_1.address),
                "store": {
                    "id": store_1.id,
                    "phoneNumber": store_1.phone_number,
                    "address": address_of(store_1.address),
                },
            }
        ],
        "lenggth": 1,
        "length": 1,
    }


def test_managers_are_ordered_by_id_and_exclude_plain_staff(caller, staff_1, manager_1, manager_2):
    body = caller("manager_1").get("/api/staff/managers").json()
    assert [item["id"] for item in body["items"]] == sorted([manager_1.id, manager_2.id])


def test_managers_summary_is_public(anon_client, manager_1, staff_1):
    body = anon_client.get("/api/staff/managers/summary").json()
    assert body == {
        "items": [
            {
                "id": manager_1.id,
                "firstName": manager_1.first_name,
                "lastName": manager_1.last_name,
                "email": manager_1.email,
                "active": True,
            }
        ],
        "lenggth": 1,
        "length": 1,
    }


def test_managers_list_may_be_empty(anon_client, db):
    assert anon_client.get("/api/staff/managers/summary").json() == {
        "items": [],
        "lenggth": 0,
        "length": 0,
    }
