"""Failed-login accounting under concurrency: the check and the record are one step, so of
many wrong passwords sent at once for one email at most the limit are checked
(docs/security.md "Failed logins")."""

import threading
from collections import Counter

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts import services
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 30


def test_thirty_concurrent_wrong_passwords_check_at_most_ten(monkeypatch):
    customer = CustomerFactory()
    checked = []
    real_verify = services.verify_password

    def counting_verify(*args, **kwargs):
        checked.append(1)
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(services, "verify_password", counting_verify)
    start = threading.Barrier(ATTEMPTS)
    statuses = []

    def wrong_password():
        try:
            body = {"email": customer.email, "password": "wrong-pass"}
            start.wait()
            response = APIClient().post("/api/auth/login", body, format="json")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrong_password) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    counts = Counter(statuses)
    assert set(counts) <= {401, 429}
    assert counts[401] + counts[429] == ATTEMPTS
    assert 1 <= len(checked) <= 10
    assert counts[401] == len(checked)
