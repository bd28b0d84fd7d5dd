"""Every write that stores an email checks it is one (docs/security.md "Emails"; issue 13
item 16): register, staff create and update, a new store's new manager, and the admin's
customer and staff forms. Before, register only looked for an `@` and the others stored any
text. Login stays lenient (it only looks the address up)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from people.models import Customer, Staff
from places.models import Address
from stores.models import Store
from tests.people.conftest import address_body, error

pytestmark = pytest.mark.django_db

INVALID = error("Please provide a valid email")
NOT_EMAILS = [
    pytest.param("nia@", id="no-domain"),
    pytest.param("@example.com", id="no-local-part"),
    pytest.param("nia@example", id="no-dot-in-domain"),
    pytest.param("nia@@example.com", id="two-ats"),
    pytest.param("nia smith@example.com", id="space"),
    pytest.param("<script>@example.com", id="markup"),
]


@pytest.mark.parametrize("email", NOT_EMAILS)
def test_register_refuses_a_non_email(anon_client, email):
    body = {"firstName": "Nia", "lastName": "New", "email": email, "password": "Secret-pass-1"}
    response = anon_client.post("/api/customers/register", body, format="json")
    assert response.status_code == 400
    assert response.json() == INVALID
    assert not Customer.objects.exists()


def staff_body(email):
    return {
        "firstName": "Nia",
        "lastName": "New",
        "phoneNumber": "0411111111",
        "email": email,
        "address": address_body(line="12 Staff Street"),
    }


@pytest.mark.parametrize("email", NOT_EMAILS)
def test_staff_create_refuses_a_non_email_and_writes_nothing(caller, manager_1, email):
    staff, addresses = Staff.objects.count(), Address.objects.count()
    response = caller("manager_1").post("/api/staff", staff_body(email), format="json")
    assert response.status_code == 400
    assert response.json() == INVALID
    assert (Staff.objects.count(), Address.objects.count()) == (staff, addresses)


def test_staff_create_still_takes_an_email_and_no_email(caller, manager_1):
    client = caller("manager_1")
    assert client.post("/api/staff", staff_body("nia@x.org"), format="json").status_code == 201
    body = {**staff_body(None), "phoneNumber": "0411111112"}
    body["address"] = address_body(line="13 Staff Street")
    del body["email"]
    assert client.post("/api/staff", body, format="json").status_code == 201


@pytest.mark.parametrize("email", NOT_EMAILS)
def test_staff_update_refuses_a_non_email(caller, manager_1, staff_1, email):
    before = staff_1.email
    response = caller("manager_1").put(f"/api/staff/{staff_1.id}", {"email": email}, format="json")
    assert response.status_code == 400
    assert response.json() == INVALID
    assert Staff.objects.get(id=staff_1.id).email == before


def test_a_new_stores_new_manager_needs_an_email_address(caller, manager_1):
    manager = {**staff_body("nia@"), "address": address_body(line="7 Home Rd")}
    body = {"phoneNumber": "0290000001", "address": address_body(), "storeManager": manager}
    stores = Store.objects.count()
    response = caller("manager_1").post("/api/stores", body, format="json")
    assert response.status_code == 400
    assert response.json() == INVALID
    assert Store.objects.count() == stores
    assert not Staff.objects.filter(phone_number="0411111111").exists()


@pytest.fixture
def admin_client():
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-123456")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_admin_customer_form_refuses_a_non_email(admin_client, customer_a):
    data = {
        "first_name": customer_a.first_name,
        "last_name": customer_a.last_name,
        "email": "not-an-email",
        "phone_number": customer_a.phone_number,
        "avatar": "",
        "active": "on",
        "preferred_store": "",
        "registered_on": "2024-01-02",
    }
    response = admin_client.post(f"/admin/people/customer/{customer_a.id}/change/", data)
    assert response.status_code == 200
    assert b"Please provide a valid email" in response.content
    assert Customer.objects.get(id=customer_a.id).email == customer_a.email


def test_admin_staff_form_refuses_a_non_email(admin_client, staff_1):
    data = {
        "first_name": staff_1.first_name,
        "last_name": staff_1.last_name,
        "email": "not-an-email",
        "phone_number": staff_1.phone_number,
        "avatar": "",
        "active": "on",
        "store": staff_1.store_id,
    }
    response = admin_client.post(f"/admin/people/staff/{staff_1.id}/change/", data)
    assert response.status_code == 200
    assert b"Please provide a valid email" in response.content
    assert Staff.objects.get(id=staff_1.id).email == staff_1.email


def test_login_with_a_non_email_is_still_the_usual_401(anon_client):
    body = {"email": "not-an-email", "password": "Secret-pass-1"}
    response = anon_client.post("/api/auth/login", body, format="json")
    assert response.status_code == 401
    assert response.json() == error("Invalid email or password")
