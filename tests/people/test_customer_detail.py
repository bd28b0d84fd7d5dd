"""GET /api/customers/{id}."""

import pytest

from tests.factories import AddressFactory, CustomerFactory
from tests.people.conftest import FORBIDDEN, error

pytestmark = pytest.mark.django_db


def test_detail_shape_with_preferred_store_and_its_manager(caller, customer_a, store_1, melbourne):
    customer_a.preferred_store = store_1
    customer_a.save()
    manager = store_1.store_manager
    body = caller("staff_1").get(f"/api/customers/{customer_a.id}").json()
    assert body == {
        "id": customer_a.id,
        "firstName": customer_a.first_name,
        "lastName": customer_a.last_name,
        "email": customer_a.email,
        "active": True,
        "phoneNumber": customer_a.phone_number,
        "avatar": None,
        "registeredOn": "2024-01-02",
        "preferredStore": {
            "id": store_1.id,
            "phoneNumber": store_1.phone_number,
            "storeManager": {
                "id": manager.id,
                "firstName": manager.first_name,
                "lastName": manager.last_name,
                "email": manager.email,
                "active": True,
                "phoneNumber": manager.phone_number,
                "avatar": None,
                "address": {
                    "id": manager.address_id,
                    "addressLine": manager.address.address_line,
                    "cityName": "Melbourne",
                    "stateName": "Victoria",
                    "country": "Australia",
                    "postalCode": "3000",
                },
            },
            "address": {
                "id": store_1.address_id,
                "addressLine": store_1.address.address_line,
                "cityName": "Melbourne",
                "stateName": "Victoria",
                "country": "Australia",
                "postalCode": "3000",
            },
        },
        "address": {
            "id": customer_a.address_id,
            "addressLine": customer_a.address.address_line,
            "cityName": "Melbourne",
            "stateName": "Victoria",
            "country": "Australia",
            "postalCode": "3000",
        },
    }


def test_detail_has_no_password_or_preferred_store_id(caller, customer_a):
    body = caller("customer_a").get(f"/api/customers/{customer_a.id}").json()
    assert "userPassword" not in body and "preferredStoreId" not in body
    assert body["preferredStore"] is None


def test_customer_without_address_has_null_address(staff_client):
    customer = CustomerFactory(address=None)
    assert staff_client.get(f"/api/customers/{customer.id}").json()["address"] is None


def test_customer_reads_their_own_record(caller, customer_a):
    response = caller("customer_a").get(f"/api/customers/{customer_a.id}")
    assert response.status_code == 200
    assert response.json()["email"] == customer_a.email


def test_customer_cannot_read_another_customer(caller, customer_a, customer_b):
    response = caller("customer_b").get(f"/api/customers/{customer_a.id}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_manager_reads_any_customer(caller, customer_a):
    response = caller("manager_2").get(f"/api/customers/{customer_a.id}")
    assert (response.status_code, response.json()["id"]) == (200, customer_a.id)


@pytest.mark.parametrize(
    "raw", ["0", "-1", "abc", "1.5", pytest.param("9" * 5000, id="5000-digits")]
)
def test_invalid_id_is_400(staff_client, raw):
    response = staff_client.get(f"/api/customers/{raw}")
    assert response.status_code == 400
    assert response.json() == error("Invalid id")


def test_unknown_customer_is_404(staff_client):
    response = staff_client.get("/api/customers/999999")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


def test_unknown_customer_is_404_for_a_customer_too(caller, customer_a):
    # docs/decisions.md: the target's existence (404) is checked before ownership (403).
    response = caller("customer_a").get("/api/customers/999999")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


def test_anonymous_is_401(anon_client, customer_a):
    response = anon_client.get(f"/api/customers/{customer_a.id}")
    assert response.status_code == 401
    assert response.json() == error("Invalid or expired token")


def test_trailing_slash_is_accepted(caller, customer_a):
    response = caller("staff_1").get(f"/api/customers/{customer_a.id}/")
    assert (response.status_code, response.json()["id"]) == (200, customer_a.id)


def test_unknown_method_is_the_route_404(caller, customer_a):
    response = caller("manager_1").post(f"/api/customers/{customer_a.id}", {}, format="json")
    assert response.status_code == 404
    assert response.json() == {"message": f"Route /api/customers/{customer_a.id} does not exist"}


def test_address_of_another_country_is_its_own(staff_client):
    customer = CustomerFactory(address=AddressFactory(in_use_by="customer"))
    address = staff_client.get(f"/api/customers/{customer.id}").json()["address"]
    assert address["country"] == customer.address.city.country.country_name
