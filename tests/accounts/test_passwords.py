"""forgot_password (open onboarding reset) and change_password routes."""

import pytest

from people.models import Customer, Staff
from tests.conftest import error
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW = {"newPassword": "brand-new-pass", "confirmedNewPassword": "brand-new-pass"}


def can_log_in(email, password):
    from rest_framework.test import APIClient

    body = {"email": email, "password": password}
    return APIClient().post("/api/auth/login", body, format="json").status_code == 200


@pytest.fixture(params=["customers", "staff"])
def person(request):
    """(url prefix, record) for a customer and for a staff member."""
    fixture = "customer" if request.param == "customers" else "staff_member"
    return request.param, request.getfixturevalue(fixture)


def test_forgot_password_sets_the_password(anon_client, person):
    prefix, record = person
    response = anon_client.put(f"/api/{prefix}/{record.id}/forgot_password", NEW, format="json")
    assert response.status_code == 200
    assert response.json() == {"id": record.id, "email": record.email}
    assert can_log_in(record.email, "brand-new-pass")
    assert not can_log_in(record.email, PASSWORD)


def test_forgot_password_answer_is_exactly_id_then_email(anon_client, person):
    prefix, record = person
    response = anon_client.put(f"/api/{prefix}/{record.id}/forgot_password", NEW, format="json")
    assert response.content == b'{"id":%d,"email":"%s"}' % (record.id, record.email.encode())


@pytest.mark.parametrize(
    "raw_id", ["abc", "0", "-1", "1.5", pytest.param("9" * 5000, id="5000-digits")]
)
def test_forgot_password_invalid_id_answers_400(anon_client, person, raw_id):
    prefix, _ = person
    response = anon_client.put(f"/api/{prefix}/{raw_id}/forgot_password", NEW, format="json")
    assert response.status_code == 400
    assert response.json() == error("Invalid resource id")


def test_forgot_password_missing_field_answers_400(anon_client, person):
    prefix, record = person
    body = {"newPassword": "brand-new-pass"}
    response = anon_client.put(f"/api/{prefix}/{record.id}/forgot_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")


def test_forgot_password_non_string_answers_400(anon_client, person):
    prefix, record = person
    body = {"newPassword": 12345678, "confirmedNewPassword": 12345678}
    response = anon_client.put(f"/api/{prefix}/{record.id}/forgot_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")


def test_forgot_password_mismatch_answers_400(anon_client, person):
    prefix, record = person
    body = {"newPassword": "brand-new-pass", "confirmedNewPassword": "other-new-pass"}
    response = anon_client.put(f"/api/{prefix}/{record.id}/forgot_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == error("New password is not same as confirmed password")


def test_forgot_password_short_answers_400(anon_client, person):
    prefix, record = person
    body = {"newPassword": "short", "confirmedNewPassword": "short"}
    response = anon_client.put(f"/api/{prefix}/{record.id}/forgot_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == error("Password must be at least 8 characters long")


def test_forgot_password_unknown_id_answers_404(anon_client, person):
    prefix, record = person
    response = anon_client.put(
        f"/api/{prefix}/{record.id + 999}/forgot_password", NEW, format="json"
    )
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


def test_forgot_password_can_be_disabled(anon_client, person, settings):
    settings.REELFAKE_OPEN_PASSWORD_RESET = False
    prefix, record = person
    response = anon_client.put(f"/api/{prefix}/{record.id}/forgot_password", NEW, format="json")
    assert response.status_code == 403
    assert response.json() == error("Password reset is disabled on this server")
    assert can_log_in(record.email, PASSWORD)


CHANGE = {"currentPassword": PASSWORD, **NEW}


def test_customer_changes_own_password(customer_client, customer):
    response = customer_client.put("/api/customers/change_password", CHANGE, format="json")
    assert response.status_code == 200
    assert response.json() == {"id": customer.id, "email": customer.email}
    assert can_log_in(customer.email, "brand-new-pass")


def test_staff_changes_own_password(staff_client, staff_member):
    response = staff_client.put("/api/staff/change_password", CHANGE, format="json")
    assert response.status_code == 200
    assert response.json() == {"id": staff_member.id, "email": staff_member.email}
    assert can_log_in(staff_member.email, "brand-new-pass")


def test_change_password_answer_is_exactly_id_then_email(staff_client, staff_member):
    response = staff_client.put("/api/staff/change_password", CHANGE, format="json")
    expected = b'{"id":%d,"email":"%s"}' % (staff_member.id, staff_member.email.encode())
    assert response.content == expected


def test_manager_changes_own_password(manager_client, store_manager):
    response = manager_client.put("/api/staff/change_password", CHANGE, format="json")
    assert response.status_code == 200
    assert response.json() == {"id": store_manager.id, "email": store_manager.email}


def test_change_password_wrong_current_answers_400(customer_client, customer):
    body = {**CHANGE, "currentPassword": "not-my-password"}
    response = customer_client.put("/api/customers/change_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == error("Current password is not same as actual password")
    assert can_log_in(customer.email, PASSWORD)


def test_change_password_missing_field_answers_400(staff_client):
    body = {"currentPassword": PASSWORD, "newPassword": "brand-new-pass"}
    response = staff_client.put("/api/staff/change_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")


def test_change_password_mismatch_answers_400(staff_client):
    body = {**CHANGE, "confirmedNewPassword": "something-else"}
    response = staff_client.put("/api/staff/change_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == error("New password is not same as confirmed password")


def test_change_password_short_answers_400(customer_client):
    body = {"currentPassword": PASSWORD, "newPassword": "short", "confirmedNewPassword": "short"}
    response = customer_client.put("/api/customers/change_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == error("Password must be at least 8 characters long")


def test_change_password_needs_login(anon_client):
    response = anon_client.put("/api/customers/change_password", CHANGE, format="json")
    assert response.status_code == 401
    assert response.json() == error("Invalid or expired token")


def test_staff_cannot_use_the_customer_route(staff_client):
    response = staff_client.put("/api/customers/change_password", CHANGE, format="json")
    assert response.status_code == 403
    assert response.json() == error("You are not authorized to perform this operation")


def test_customer_cannot_use_the_staff_route(customer_client):
    response = customer_client.put("/api/staff/change_password", CHANGE, format="json")
    assert response.status_code == 403
    assert response.json() == error("You are not authorized to perform this operation")


def test_new_hash_is_not_the_password(customer_client, customer):
    customer_client.put("/api/customers/change_password", CHANGE, format="json")
    assert Customer.objects.get(id=customer.id).user_password != "brand-new-pass"
    assert Staff.objects.count() == 0


# Order of checks (accounts.views: the reset's switch and path id, then the body through its
# serializer, then the record; a change's body, then its current password, then the new one).


def test_forgot_password_disabled_is_answered_before_the_id(anon_client, settings):
    settings.REELFAKE_OPEN_PASSWORD_RESET = False
    response = anon_client.put("/api/customers/abc/forgot_password", {}, format="json")
    assert response.status_code == 403
    assert response.json() == error("Password reset is disabled on this server")


def test_forgot_password_invalid_id_is_answered_before_the_body(anon_client):
    response = anon_client.put("/api/staff/abc/forgot_password", {}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Invalid resource id")


def test_forgot_password_body_is_checked_before_the_record(anon_client, customer):
    body = {"newPassword": "brand-new-pass", "confirmedNewPassword": "other-new-pass"}
    url = f"/api/customers/{customer.id + 999}/forgot_password"
    response = anon_client.put(url, body, format="json")
    assert response.status_code == 400
    assert response.json() == error("New password is not same as confirmed password")


def test_forgot_password_mismatch_is_named_before_the_length(anon_client, customer):
    body = {"newPassword": "short", "confirmedNewPassword": "other"}
    url = f"/api/customers/{customer.id}/forgot_password"
    response = anon_client.put(url, body, format="json")
    assert response.json() == error("New password is not same as confirmed password")


def test_forgot_password_body_that_is_not_an_object_answers_400(anon_client, customer):
    url = f"/api/customers/{customer.id}/forgot_password"
    response = anon_client.put(url, [NEW], format="json")
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")
    assert can_log_in(customer.email, PASSWORD)


def test_change_password_wrong_current_is_named_before_a_mismatch(customer_client, customer):
    body = {**CHANGE, "currentPassword": "not-my-password", "confirmedNewPassword": "other"}
    response = customer_client.put("/api/customers/change_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == error("Current password is not same as actual password")


def test_change_password_empty_current_answers_400_and_keeps_the_password(
    customer_client, customer
):
    body = {**CHANGE, "currentPassword": ""}
    response = customer_client.put("/api/customers/change_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")
    assert can_log_in(customer.email, PASSWORD)
