"""Failed-login accounting under concurrency: the check and the record are one step, so of
many wrong passwords sent at once for one email at most the limit are checked
(docs/security.md "Failed logins")."""

from collections import Counter

import pytest
from rest_framework.test import APIClient

from accounts import services
from tests.conftest import all_at_once
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
    body = {"email": customer.email, "password": "wrong-pass"}

    statuses = all_at_once(
        [lambda: APIClient().post("/api/auth/login", body, format="json").status_code] * ATTEMPTS
    )

    counts = Counter(statuses)
    assert set(counts) <= {401, 429}
    assert counts[401] + counts[429] == ATTEMPTS
    assert 1 <= len(checked) <= 10
    assert counts[401] == len(checked)
