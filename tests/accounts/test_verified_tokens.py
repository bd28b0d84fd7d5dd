"""accounts/authentication.py keeps the tokens it verified: a token is verified once, yet
an expired token, and a token of a user who lost access, are refused at once
(docs/security.md "Sessions and tokens")."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken
from rest_framework_simplejwt.utils import aware_utcnow

from accounts import authentication
from accounts.services import password_set
from people.models import Staff

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]

UNAUTHENTICATED = {"status": "error", "message": "Invalid or expired token"}


def test_a_token_is_verified_once_while_it_is_used(staff_client, monkeypatch):
    verified = []

    class CountingAccessToken(AccessToken):
        def __init__(self, *args, **kwargs):
            verified.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(authentication, "AccessToken", CountingAccessToken)
    for _ in range(3):
        assert staff_client.get("/api/_probe/staff").status_code == 200
    assert len(verified) <= 1


def test_a_verified_token_is_refused_once_it_expires(staff_client, monkeypatch):
    assert staff_client.get("/api/_probe/staff").status_code == 200
    later = aware_utcnow() + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(authentication, "aware_utcnow", lambda: later)
    response = staff_client.get("/api/_probe/staff")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_staff_deactivated_after_a_verified_request_loses_access_at_once(
    staff_client, staff_member
):
    assert staff_client.get("/api/_probe/staff").status_code == 200
    Staff.objects.filter(id=staff_member.id).update(active=False)
    response = staff_client.get("/api/_probe/staff")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_staff_deleted_after_a_verified_request_loses_access_at_once(staff_client, staff_member):
    assert staff_client.get("/api/_probe/staff").status_code == 200
    Staff.objects.filter(id=staff_member.id).delete()
    response = staff_client.get("/api/_probe/staff")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_a_password_change_refuses_a_token_verified_before_it(staff_client, staff_member):
    assert staff_client.get("/api/_probe/staff").status_code == 200
    password_set(record=staff_member, password="Another1234!")
    response = staff_client.get("/api/_probe/staff")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_a_token_altered_after_a_verified_one_is_verified_again(staff_client):
    token = staff_client.cookies["auth_token"].value
    assert staff_client.get("/api/_probe/staff").status_code == 200
    header, payload, signature = token.split(".")
    forged = APIClient()
    forged.cookies["auth_token"] = f"{header}.{payload}.{signature[::-1]}"
    response = forged.get("/api/_probe/staff")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
