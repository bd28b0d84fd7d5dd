"""The admin sign-in form asks for the staff email (accounts/admin.py)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_sign_in_field_is_labelled_email():
    page = Client().get("/admin/login/").content.decode()
    assert '<label for="id_username" class="required">Email:</label>' in page
    assert "Username" not in page


def test_sign_in_field_autocompletes_an_email():
    page = Client().get("/admin/login/").content.decode()
    assert 'autocomplete="email"' in page


def test_refusal_names_the_email_field(store_manager):
    response = Client().post(
        "/admin/login/", {"username": store_manager.email, "password": "not-the-password"}
    )
    page = response.content.decode()
    assert "Please enter the correct email and password of a store manager." in page
