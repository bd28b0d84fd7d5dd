"""A login costs the same password hashing whatever the email names, so its timing does not
tell which emails have an account (docs/security.md "Failed logins"). Counted, not timed."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from people.models import Customer
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/auth/login"


class CountingHasher(MD5PasswordHasher):
    """The test settings' hasher, counting its hash computations (verify() calls encode())."""

    computations = 0

    def encode(self, password, salt):
        type(self).computations += 1
        return super().encode(password, salt)


@pytest.fixture
def hashings(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_login_work.CountingHasher"]

    def count_during(action):
        CountingHasher.computations = 0
        action()
        return CountingHasher.computations

    return count_during


def api_login(email, password="wrong-password"):
    def act():
        body = {"email": email, "password": password}
        Client().post(URL, body, content_type="application/json")

    return act


def admin_login(email, password="wrong-password"):
    def act():
        Client().post("/admin/login/", {"username": email, "password": password})

    return act


def test_wrong_password_costs_one_hashing(hashings, customer):
    assert hashings(api_login(customer.email)) == 1


def test_unknown_email_costs_the_same_hashing(hashings, db):
    assert hashings(api_login("nobody-here@example.com")) == 1


def test_deactivated_account_costs_the_same_hashing(hashings, customer):
    Customer.objects.filter(id=customer.id).update(active=False)
    assert hashings(api_login(customer.email, PASSWORD)) == 1


def test_account_without_password_costs_the_same_hashing(hashings, customer):
    Customer.objects.filter(id=customer.id).update(user_password=None)
    assert hashings(api_login(customer.email)) == 1


def test_admin_sign_in_costs_the_same_for_managers_and_others(hashings, store_manager, customer):
    manager = hashings(admin_login(store_manager.email))
    assert hashings(admin_login(customer.email)) == manager
    assert hashings(admin_login("nobody-here@example.com")) == manager
