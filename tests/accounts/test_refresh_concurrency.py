"""A refresh token is spent once, also when two refreshes race (docs/security.md "Sessions
and tokens")."""

import threading
from collections import Counter

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.conftest import logged_in_client
from tests.factories import PASSWORD, CustomerFactory

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 8


def test_racing_refreshes_with_one_token_give_one_new_session():
    customer = CustomerFactory()
    refresh = logged_in_client(customer.email, PASSWORD).cookies["refresh_token"].value
    start = threading.Barrier(RACERS)
    statuses = []

    def spend():
        try:
            client = APIClient()
            client.cookies["refresh_token"] = refresh
            start.wait()
            statuses.append(client.post("/api/auth/refresh").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=spend) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(statuses) == {200: 1, 401: RACERS - 1}
