"""Two server processes on one database agree on sandboxes at once, each remembering the
sandboxes it entered (sandboxes/routes.py) and forgetting them on the other's notification."""

import json

import pytest

from reelfake.db.seeding import DEMO_MANAGER_EMAIL, DEMO_PASSWORD
from sandboxes import services
from tests.live import Client, Server, free_port
from tests.sandboxes.conftest import MOVIE, SERVER_ENV

pytestmark = pytest.mark.django_db(transaction=True)

JSON = {"Content-Type": "application/json"}
ENV = {**SERVER_ENV, "SANDBOX_ROUTE_CACHE": "true"}


@pytest.fixture
def servers():
    started = [
        Server(free_port(), env=ENV).start(),
        Server(free_port(), env=ENV).start(),
    ]
    yield started
    for server in started:
        server.stop()


def sandbox_login(server, key: str) -> Client:
    return Client(server).login(DEMO_MANAGER_EMAIL, DEMO_PASSWORD, prefix=f"/sandbox/{key}")


def test_sandbox_created_through_one_instance_is_usable_through_the_other(servers):
    first, second = servers
    status, _, body = Client(first).request("POST", "/api/sandboxes")
    assert status == 201
    key = json.loads(body)["key"]
    client = sandbox_login(second, key)
    status, _, body = client.request("GET", f"/sandbox/{key}/api/auth/me")
    assert status == 200
    assert json.loads(body)["email"] == DEMO_MANAGER_EMAIL


def test_reset_through_one_instance_is_seen_by_the_other(servers):
    first, second = servers
    key = json.loads(Client(first).request("POST", "/api/sandboxes")[2])["key"]
    manager = sandbox_login(second, key)
    status, _, _ = manager.request(
        "POST", f"/sandbox/{key}/api/movies", json.dumps(MOVIE).encode(), JSON
    )
    assert status == 201
    services.pool_fill(size=1)
    status, _, _ = Client(first).request("POST", f"/sandbox/{key}/api/sandbox/reset")
    assert status == 200
    status, _, _ = manager.request("GET", f"/sandbox/{key}/api/movies?title=The%20Wizard")
    assert status == 404


def test_delete_through_one_instance_is_seen_by_the_other(servers):
    first, second = servers
    key = json.loads(Client(first).request("POST", "/api/sandboxes")[2])["key"]
    assert Client(second).request("GET", f"/sandbox/{key}/api/genres")[0] == 200
    assert Client(first).request("DELETE", f"/sandbox/{key}/api/sandbox")[0] == 204
    assert Client(second).request("GET", f"/sandbox/{key}/api/genres")[0] == 404
