"""manage.py set_password and create_store_manager."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from people.models import Staff
from stores.models import Store
from tests.factories import PASSWORD, CustomerFactory, StaffFactory, StoreFactory

pytestmark = pytest.mark.django_db


def login(email, password):
    body = {"email": email, "password": password}
    return APIClient().post("/api/auth/login", body, format="json")


def test_set_password_changes_what_customer_login_accepts(customer):
    call_command("set_password", customer.email, password="another-pass-1")
    assert login(customer.email, "another-pass-1").status_code == 200
    response = login(customer.email, PASSWORD)
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid email or password"}


def test_set_password_works_for_staff(staff_member):
    call_command("set_password", staff_member.email, password="another-pass-1")
    assert login(staff_member.email, "another-pass-1").status_code == 200


def test_set_password_gives_a_passwordless_account_a_login(db):
    staff = StaffFactory(user_password=None)
    call_command("set_password", staff.email, password="another-pass-1")
    assert login(staff.email, "another-pass-1").status_code == 200


def test_set_password_unknown_email_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No customer or staff member has the email"):
        call_command("set_password", "nobody11@example.com", password="another-pass-1")


def test_set_password_refuses_short_passwords(customer):
    with pytest.raises(CommandError, match="at least 8 characters"):
        call_command("set_password", customer.email, password="short")
    assert login(customer.email, PASSWORD).status_code == 200


def test_set_password_prompts_when_no_password_given(customer, monkeypatch):
    answers = iter(["prompted-pass-1", "prompted-pass-1"])
    monkeypatch.setattr(
        "accounts.management.commands.set_password.getpass", lambda prompt: next(answers)
    )
    call_command("set_password", customer.email)
    assert login(customer.email, "prompted-pass-1").status_code == 200


def test_create_store_manager_creates_a_manager_who_logs_in_as_such(db):
    store = StoreFactory()
    call_command(
        "create_store_manager",
        store=store.id,
        email="newboss1@example.com",
        first_name="New",
        last_name="Boss",
        phone="0499999999",
        password="manager-pass-1",
    )
    staff = Staff.objects.get(email="newboss1@example.com")
    assert staff.store_id == store.id
    assert Store.objects.get(id=store.id).store_manager_id == staff.id
    response = login("newboss1@example.com", "manager-pass-1")
    assert response.json()["isStoreManager"] is True


def test_create_store_manager_promotes_existing_staff_and_moves_them(staff_member):
    other_store = StoreFactory()
    call_command("create_store_manager", store=other_store.id, email=staff_member.email)
    staff_member.refresh_from_db()
    assert staff_member.store_id == other_store.id
    assert Store.objects.get(id=other_store.id).store_manager_id == staff_member.id
    assert login(staff_member.email, PASSWORD).json()["isStoreManager"] is True


def test_create_store_manager_unknown_store_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Store with id 999999 not found"):
        call_command("create_store_manager", store=999999, email="x1234@example.com")


def test_create_store_manager_needs_details_for_a_new_person(db):
    store = StoreFactory()
    with pytest.raises(CommandError, match="needs a first name"):
        call_command("create_store_manager", store=store.id, email="ghost1@example.com")
    assert not Staff.objects.filter(email="ghost1@example.com").exists()


def test_create_store_manager_refuses_a_customer_email(db):
    store = StoreFactory()
    customer = CustomerFactory()
    with pytest.raises(CommandError, match="in use by a customer"):
        call_command(
            "create_store_manager",
            store=store.id,
            email=customer.email,
            first_name="A",
            last_name="B",
            phone="0488888888",
        )


def test_create_store_manager_refuses_the_manager_of_another_store(store_manager):
    store = StoreFactory()
    with pytest.raises(CommandError, match="Store manager is assigned to existing store"):
        call_command("create_store_manager", store=store.id, email=store_manager.email)
