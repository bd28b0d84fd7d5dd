"""Two server processes on one database: a stream on one receives the events of writes served
by the other, and the inspector of one shows the requests served by the other
(docs/toolkit.md "Live events", "Request inspector")."""

import json

import pytest

from tests.factories import PASSWORD, CustomerFactory, MovieFactory
from tests.live import Client, Server, free_port

pytestmark = pytest.mark.django_db(transaction=True)

ENV = {"DEBUG": "true", "REELFAKE_EVENTS_LISTEN": "true"}


@pytest.fixture(scope="module")
def servers(django_db_setup):
    started = [Server(free_port(), env=ENV).start(), Server(free_port(), env=ENV).start()]
    yield started
    for server in started:
        server.stop()


def test_a_stream_on_one_instance_receives_a_change_served_by_another(servers):
    first, second = servers
    customer, movie = CustomerFactory(), MovieFactory()
    stream = Client(first).login(customer.email, PASSWORD).open_stream("/api/events")
    try:
        other = Client(second).login(customer.email, PASSWORD)
        body = json.dumps({"movieId": movie.id}).encode()
        status, _, answer = other.request(
            "POST", "/api/cart", body, {"Content-Type": "application/json"}
        )
        assert status == 201, answer
        _, event = stream.next_event()
    finally:
        stream.close()
    assert (event["type"], event["ids"]) == (
        "cart.changed",
        {"customer": customer.id, "movie": movie.id},
    )


def test_the_inspector_of_one_instance_shows_a_request_served_by_another(servers):
    first, second = servers
    assert Client(second).request("GET", "/api/genres?mark=served-by-second")[0] == 200
    status, _, body = Client(first).request("GET", "/api/_inspector/requests?path=/api/genres")
    assert status == 200, body
    paths = [item["path"] for item in json.loads(body)["items"]]
    assert "/api/genres?mark=served-by-second" in paths
