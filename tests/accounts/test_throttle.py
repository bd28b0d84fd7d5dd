"""Failed logins are counted per account (20), per (account, client) pair (10) and per client
address (300) within 5 minutes; past a limit the login answers 429 (docs/security.md
"Failed logins")."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import LoginFailure
from tests.factories import PASSWORD, CustomerFactory

pytestmark = pytest.mark.django_db

URL = "/api/auth/login"


def attempt(client, email, password, address="10.1.1.1", **extra):
    return client.post(
        URL, {"email": email, "password": password}, format="json", REMOTE_ADDR=address, **extra
    )


def throttled(response) -> dict:
    """The 429 body: the wait it names is the one in Retry-After."""
    seconds = response["Retry-After"]
    message = f"Too many failed login attempts, try again in {seconds} seconds"
    return {"status": "error", "message": message}


def fail(client, email, times, address="10.1.1.1"):
    for _ in range(times):
        assert attempt(client, email, "wrong-pass", address).status_code == 401


def test_eleventh_attempt_from_one_client_after_ten_failures_answers_429(anon_client, customer):
    fail(anon_client, customer.email, 10)
    response = attempt(anon_client, customer.email, PASSWORD)
    assert response.status_code == 429
    assert response.json() == throttled(response)
    assert 1 <= int(response["Retry-After"]) <= 300


def test_nine_failures_still_allow_a_login(anon_client, customer):
    fail(anon_client, customer.email, 9)
    assert attempt(anon_client, customer.email, PASSWORD).status_code == 200


def test_failures_for_other_emails_leave_a_correct_login_from_the_same_client_working(
    anon_client, customer
):
    for n in range(15):
        assert attempt(anon_client, f"guess{n:04d}@example.com", "wrong-pass").status_code == 401
    assert attempt(anon_client, customer.email, PASSWORD).status_code == 200


def test_ten_failures_from_one_client_leave_the_account_open_to_other_clients(
    anon_client, customer
):
    fail(anon_client, customer.email, 10, address="10.2.2.2")
    assert attempt(anon_client, customer.email, PASSWORD, address="10.2.2.9").status_code == 200


def test_twenty_failures_for_one_account_throttle_it_from_every_client(anon_client, customer):
    for n in range(20):
        fail(anon_client, customer.email, 1, address=f"10.3.3.{n}")
    response = attempt(anon_client, customer.email, PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert response.json() == throttled(response)
    assert int(response["Retry-After"]) >= 1


def test_a_client_past_its_own_limit_is_throttled_for_every_email(anon_client, customer, settings):
    settings.REELFAKE_LOGIN_FAILURES_PER_CLIENT = 12
    for n in range(12):
        attempt(anon_client, f"guess{n:04d}@example.com", "wrong-pass", address="10.4.4.4")
    response = attempt(anon_client, customer.email, PASSWORD, address="10.4.4.4")
    assert response.status_code == 429
    assert response.json() == throttled(response)
    assert attempt(anon_client, customer.email, PASSWORD, address="10.4.4.5").status_code == 200


def test_other_accounts_are_not_throttled(anon_client, customer):
    fail(anon_client, customer.email, 10, address="10.5.5.5")
    other = CustomerFactory()
    assert attempt(anon_client, other.email, PASSWORD, address="10.5.5.5").status_code == 200


def test_emails_are_counted_case_insensitively(anon_client, customer):
    fail(anon_client, customer.email.upper(), 10)
    response = attempt(anon_client, customer.email, PASSWORD)
    assert response.status_code == 429
    assert response.json() == throttled(response)


def test_failures_older_than_the_window_no_longer_count(anon_client, customer):
    fail(anon_client, customer.email, 10)
    LoginFailure.objects.update(failed_at=timezone.now() - timedelta(minutes=5, seconds=1))
    assert attempt(anon_client, customer.email, PASSWORD).status_code == 200


def test_a_refused_attempt_is_not_counted(anon_client, customer):
    fail(anon_client, customer.email, 10)
    rows = LoginFailure.objects.count()
    response = attempt(anon_client, customer.email, "wrong-pass")
    assert response.status_code == 429
    assert response.json() == throttled(response)
    assert LoginFailure.objects.count() == rows


def test_successful_logins_are_never_counted(anon_client, customer):
    for _ in range(15):
        assert attempt(anon_client, customer.email, PASSWORD).status_code == 200
    assert not LoginFailure.objects.exists()


def test_an_email_too_long_to_store_is_counted_by_its_digest(anon_client):
    email = "x" * 300 + "@example.com"
    for n in range(20):
        response = attempt(anon_client, email, "wrong-pass", address=f"10.6.6.{n}")
        assert response.status_code == 401
        assert response.json() == {"status": "error", "message": "Invalid email or password"}
    assert attempt(anon_client, email, "wrong-pass", address="10.7.7.7").status_code == 429
    assert all(len(key) <= 200 for key in LoginFailure.objects.values_list("key", flat=True))


def test_behind_a_trusted_proxy_clients_are_told_apart_by_the_forwarded_address(
    anon_client, customer, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(10):
        attempt(anon_client, customer.email, "wrong", "10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1")
    other = attempt(
        anon_client, customer.email, PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.2"
    )
    assert other.status_code == 200


def test_without_a_trusted_proxy_a_forwarded_address_does_not_escape_the_count(
    anon_client, customer, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(10):
        forwarded = f"192.0.2.{n}"
        attempt(anon_client, customer.email, "wrong", "10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    again = attempt(
        anon_client, customer.email, PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert again.status_code == 429
    assert again.json() == throttled(again)
