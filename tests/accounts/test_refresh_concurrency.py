"""A refresh token is spent once, also when two refreshes race (docs/security.md "Sessions
and tokens")."""

from collections import Counter

import pytest
from rest_framework.test import APIClient

from tests.conftest import all_at_once, logged_in_client
from tests.factories import PASSWORD, CustomerFactory

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 8


def test_racing_refreshes_with_one_token_give_one_new_session():
    customer = CustomerFactory()
    refresh = logged_in_client(customer.email, PASSWORD).cookies["refresh_token"].value
    clients = [APIClient() for _ in range(RACERS)]
    for client in clients:
        client.cookies["refresh_token"] = refresh

    statuses = all_at_once(
        [lambda c=client: c.post("/api/auth/refresh").status_code for client in clients]
    )

    assert Counter(statuses) == {200: 1, 401: RACERS - 1}
