"""people/admin.py: customers and staff in the Django admin, written through the services."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from people.models import Customer, Staff
from places.models import Address
from rentals.models import Cart
from tests.factories import CartFactory, CustomerFactory, RentalFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-123456")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def manager_admin_client(manager_1):
    client = Client()
    response = client.post(
        "/admin/login/",
        {"username": manager_1.email, "password": "Secret-pass-1", "next": "/admin/"},
    )
    assert response.status_code == 302
    return client


def customer_form(customer, **changes):
    data = {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "email": customer.email,
        "phone_number": customer.phone_number,
        "avatar": "",
        "active": "on",
        "preferred_store": "",
        "registered_on": "2024-01-02",
    }
    data.update(changes)
    return data


def test_customer_changelist_searches_by_name(admin_client):
    CustomerFactory(first_name="Findme")
    response = admin_client.get("/admin/people/customer/", {"q": "findme"})
    assert response.status_code == 200
    assert b"Findme" in response.content


def test_staff_changelist_loads(admin_client, staff_1):
    response = admin_client.get("/admin/people/staff/")
    assert response.status_code == 200
    assert staff_1.email.encode() in response.content


def test_password_hash_is_never_shown(admin_client, customer_a):
    response = admin_client.get(f"/admin/people/customer/{customer_a.id}/change/")
    assert response.status_code == 200
    assert b"user_password" not in response.content
    assert customer_a.user_password.encode() not in response.content


def test_staff_form_has_no_password_field(admin_client, staff_1):
    response = admin_client.get(f"/admin/people/staff/{staff_1.id}/change/")
    assert b"user_password" not in response.content


def test_change_is_saved(admin_client, customer_a):
    url = f"/admin/people/customer/{customer_a.id}/change/"
    response = admin_client.post(url, customer_form(customer_a, first_name="Edited"))
    assert response.status_code == 302
    assert Customer.objects.get(id=customer_a.id).first_name == "Edited"


def test_email_of_another_account_is_a_form_error(admin_client, customer_a, customer_b):
    url = f"/admin/people/customer/{customer_a.id}/change/"
    response = admin_client.post(url, customer_form(customer_a, email=customer_b.email.upper()))
    assert response.status_code == 200
    assert b"Customer with the same email already exist" in response.content
    assert Customer.objects.get(id=customer_a.id).email == customer_a.email


def test_staff_phone_conflict_is_a_form_error(admin_client, staff_1, manager_1):
    data = {
        "first_name": staff_1.first_name,
        "last_name": staff_1.last_name,
        "email": staff_1.email,
        "phone_number": manager_1.phone_number,
        "avatar": "",
        "active": "on",
        "store": staff_1.store_id,
    }
    response = admin_client.post(f"/admin/people/staff/{staff_1.id}/change/", data)
    assert response.status_code == 200
    assert b"The phone number is in use by other staff" in response.content


def test_delete_goes_through_the_service(admin_client, customer_a):
    CartFactory(customer=customer_a)
    url = f"/admin/people/customer/{customer_a.id}/delete/"
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Customer.objects.filter(id=customer_a.id).exists()
    assert not Cart.objects.filter(customer_id=customer_a.id).exists()
    assert Address.objects.get(id=customer_a.address_id).in_use_by is None


def test_customer_with_rentals_is_protected(admin_client, customer_a):
    RentalFactory(customer=customer_a)
    url = f"/admin/people/customer/{customer_a.id}/delete/"
    admin_client.post(url, {"post": "yes"})
    assert Customer.objects.filter(id=customer_a.id).exists()


def test_store_manager_is_protected(admin_client, manager_1):
    url = f"/admin/people/staff/{manager_1.id}/delete/"
    response = admin_client.get(url)
    assert b"is managed by" in response.content
    admin_client.post(url, {"post": "yes"})
    assert Staff.objects.filter(id=manager_1.id).exists()


def test_manager_edits_staff_of_their_store(manager_admin_client, staff_1):
    response = manager_admin_client.get(f"/admin/people/staff/{staff_1.id}/change/")
    assert response.status_code == 200
    assert b'name="first_name"' in response.content


def test_manager_cannot_edit_staff_of_another_store(manager_admin_client, manager_2):
    url = f"/admin/people/staff/{manager_2.id}/change/"
    response = manager_admin_client.get(url)
    assert b'name="first_name"' not in response.content
    before = Staff.objects.get(id=manager_2.id).first_name
    manager_admin_client.post(url, {"first_name": "Hacked"})
    assert Staff.objects.get(id=manager_2.id).first_name == before


def test_manager_cannot_delete_staff_of_another_store(manager_admin_client, store_2):
    other = StaffFactory(store=store_2)
    response = manager_admin_client.post(f"/admin/people/staff/{other.id}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Staff.objects.filter(id=other.id).exists()
