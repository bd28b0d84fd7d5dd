"""The app holds no state of its own: two server processes on one database agree."""

import json

import pytest

from tests.factories import PASSWORD, CustomerFactory
from tests.live import Client, Server, free_port

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def servers():
    started = [Server(free_port()).start(), Server(free_port()).start()]
    yield started
    for server in started:
        server.stop()


def test_login_on_one_instance_is_honoured_by_another(servers):
    first, second = servers
    customer = CustomerFactory()
    cookie = Client(first).login(customer.email, PASSWORD).cookie
    other = Client(second)
    other.cookie = cookie
    status, _, body = other.request("GET", "/api/auth/me")
    assert status == 200
    assert json.loads(body)["id"] == customer.id


def test_failed_logins_are_throttled_across_instances(servers):
    customer = CustomerFactory()
    headers = {"Content-Type": "application/json"}
    wrong = json.dumps({"email": customer.email, "password": "wrong-password"}).encode()
    for n in range(10):
        Client(servers[n % 2]).request("POST", "/api/auth/login", wrong, headers)
    right = json.dumps({"email": customer.email, "password": PASSWORD}).encode()
    status, response_headers, _ = Client(servers[0]).request(
        "POST", "/api/auth/login", right, headers
    )
    assert status == 429
    assert int(response_headers["Retry-After"]) > 0
