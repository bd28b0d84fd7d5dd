"""Django admin sign-in for store managers (accounts/backends.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import LoginFailure
from people.models import Staff
from stores.models import Store
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def admin_login(email, password=PASSWORD):
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": email, "password": password})
    return client, response


def test_store_manager_signs_in_to_the_admin(store_manager):
    client, response = admin_login(store_manager.email)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_manager_sign_in_creates_a_shadow_user_without_password(store_manager):
    admin_login(store_manager.email)
    user = get_user_model().objects.get(username=f"staff-{store_manager.id}")
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()


def test_ordinary_staff_is_refused(staff_member):
    client, response = admin_login(staff_member.email)
    assert response.status_code == 200
    assert "correct email and password" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_customer_is_refused(customer):
    client, response = admin_login(customer.email)
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_wrong_password_is_refused(store_manager):
    _, response = admin_login(store_manager.email, "not-the-password")
    assert response.status_code == 200


def test_demoted_manager_loses_the_admin_at_once(store_manager):
    client, _ = admin_login(store_manager.email)
    Store.objects.filter(id=store_manager.store_id).update(store_manager=None)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_deactivated_manager_loses_the_admin_at_once(store_manager):
    client, _ = admin_login(store_manager.email)
    Staff.objects.filter(id=store_manager.id).update(active=False)
    assert client.get("/admin/").status_code == 302


def test_superuser_still_signs_in(db):
    get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1")
    client, response = admin_login("root", "root-password-1")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_sign_in_after_25_wrong_passwords_is_refused_with_429(store_manager):
    for _ in range(25):
        admin_login(store_manager.email, "not-the-password")
    client, response = admin_login(store_manager.email)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 300
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_sign_in_after_ten_wrong_passwords_from_one_client_is_refused(store_manager):
    for _ in range(10):
        admin_login(store_manager.email, "not-the-password")
    client, response = admin_login(store_manager.email)
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_failed_api_logins_count_for_the_admin_sign_in(store_manager):
    api = APIClient()
    for _ in range(10):
        body = {"email": store_manager.email, "password": "not-the-password"}
        assert api.post("/api/auth/login", body, format="json").status_code == 401
    _, response = admin_login(store_manager.email)
    assert response.status_code == 429


def test_failed_admin_sign_ins_count_for_the_api_login(store_manager):
    for _ in range(10):
        admin_login(store_manager.email, "not-the-password")
    body = {"email": store_manager.email, "password": PASSWORD}
    response = APIClient().post("/api/auth/login", body, format="json")
    assert response.status_code == 429
    seconds = response["Retry-After"]
    message = f"Too many failed login attempts, try again in {seconds} seconds"
    assert response.json() == {"status": "error", "message": message}


def test_superuser_sign_in_is_counted_too(db):
    get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1")
    for _ in range(10):
        admin_login("root", "not-the-password")
    client, response = admin_login("root", "root-password-1")
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_a_successful_sign_in_is_not_counted(store_manager):
    for _ in range(12):
        _, response = admin_login(store_manager.email)
        assert response.status_code == 302
    assert not LoginFailure.objects.exists()


def test_a_password_change_ends_the_admin_session(store_manager):
    client, _ = admin_login(store_manager.email)
    api = APIClient()
    api.post("/api/auth/login", {"email": store_manager.email, "password": PASSWORD}, format="json")
    body = {
        "currentPassword": PASSWORD,
        "newPassword": "brand-new-1",
        "confirmedNewPassword": "brand-new-1",
    }
    assert api.put("/api/staff/change_password", body, format="json").status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_api_logout_ends_the_admin_session(store_manager):
    client, _ = admin_login(store_manager.email)
    api = APIClient()
    api.post("/api/auth/login", {"email": store_manager.email, "password": PASSWORD}, format="json")
    assert api.get("/api/auth/logout").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_new_sign_in_after_a_password_reset_works(store_manager):
    reset = {"newPassword": "brand-new-1", "confirmedNewPassword": "brand-new-1"}
    APIClient().put(f"/api/staff/{store_manager.id}/forgot_password", reset, format="json")
    client, response = admin_login(store_manager.email, "brand-new-1")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
