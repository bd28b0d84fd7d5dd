"""Live events inside sandboxes: a change in sandbox A reaches the streams of A (by the same
role rules as the main world), never those of another sandbox or of the main world
(docs/toolkit.md "Live events", docs/sandboxes.md "Isolation")."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from reelfake.db.seeding import DEMO_STAFF_EMAIL
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, CustomerFactory
from tests.live import wait_until
from tests.sandboxes.conftest import MOVIE, create, login, manager_login, prefix, schema_of
from tests.toolkit.test_event_wire import AT
from tests.toolkit.test_events import events_of
from toolkit.wakeups import CHANNEL, EventWakeups

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def short_streams(settings):
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 0


def events_in(client: APIClient, sandbox: dict | None) -> list[dict]:
    """Every kept event the client may see in that sandbox (None: the main world)."""
    base = prefix(sandbox) if sandbox is not None else ""
    return events_of(client.get(f"{base}/api/events", {"lastEventId": 0}))


def create_movie(sandbox: dict) -> int:
    manager = manager_login(APIClient(), sandbox)
    response = manager.post(f"{prefix(sandbox)}/api/movies", MOVIE, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def created_titles(events: list[dict]) -> list[str]:
    return [e["payload"]["title"] for e in events if e["type"] == "movie.created"]


def test_a_movie_created_in_a_sandbox_reaches_that_sandboxs_stream():
    sandbox = create()
    movie_id = create_movie(sandbox)
    events = events_in(login(APIClient(), sandbox), sandbox)
    (created,) = [e for e in events if e["type"] == "movie.created"]
    assert (created["ids"], created["payload"]) == ({"movie": movie_id}, {"title": "The Wizard"})


def test_a_movie_created_in_a_sandbox_never_reaches_another_sandboxs_stream():
    first, second = create(), create()
    create_movie(first)
    assert created_titles(events_in(login(APIClient(), second), second)) == []


def test_a_movie_created_in_a_sandbox_never_reaches_the_main_worlds_stream():
    # Before any sandbox request: the factory writes with the connection's search path.
    main_customer = logged_in_client(CustomerFactory().email, PASSWORD)
    sandbox = create()
    create_movie(sandbox)
    assert created_titles(events_in(main_customer, None)) == []


def cart_add(client: APIClient, sandbox: dict, movie_id: int) -> None:
    response = client.post(f"{prefix(sandbox)}/api/cart", {"movieId": movie_id}, format="json")
    assert response.status_code == 201, response.content


def cart_events(events: list[dict]) -> list[dict]:
    return [e for e in events if e["type"] == "cart.changed"]


def test_a_customers_cart_event_reaches_their_stream_in_that_sandbox():
    sandbox = create()
    movie_id = create_movie(sandbox)
    customer = login(APIClient(), sandbox)
    cart_add(customer, sandbox, movie_id)
    (event,) = cart_events(events_in(customer, sandbox))
    assert (event["ids"]["movie"], event["payload"]["change"]) == (movie_id, "created")


def test_a_cart_event_never_reaches_the_same_customer_id_in_another_sandbox():
    """Both sandboxes are copies of one template: their demo customers share an id."""
    first, second = create(), create()
    cart_add(login(APIClient(), first), first, create_movie(first))
    assert cart_events(events_in(login(APIClient(), second), second)) == []


def test_a_customers_cart_event_does_not_reach_staff_in_that_sandbox():
    sandbox = create()
    cart_add(login(APIClient(), sandbox), sandbox, create_movie(sandbox))
    staff = login(APIClient(), sandbox, DEMO_STAFF_EMAIL)
    assert cart_events(events_in(staff, sandbox)) == []


@pytest.mark.django_db(transaction=True)
def test_a_change_in_a_sandbox_wakes_the_streams_of_that_sandbox_only():
    listener = EventWakeups().start()
    try:
        wait_until(lambda: listener.up, what="the listener to connect")
        sandbox = create()
        schema = schema_of(sandbox)
        # Notifications arrive in commit order: once this one is in, so are the creation's.
        seen_barrier = listener.stamp("barrier")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, 'barrier')", [CHANNEL])
        listener.wait("barrier", seen_barrier, 30)
        seen, main = listener.stamp(schema), listener.stamp("public")
        create_movie(sandbox)
        assert listener.wait(schema, seen, 30) != seen
        assert listener.stamp("public") == main
    finally:
        listener.stop()


def test_a_cart_event_in_a_sandbox_has_the_exact_wire_of_the_main_world():
    """The sandbox's own trigger function (built from toolkit/migrations/0007) captures, the
    serializers shape: the same bytes as tests/toolkit/test_event_wire.py pins."""
    sandbox = create()
    movie_id = create_movie(sandbox)
    customer = login(APIClient(), sandbox)
    customer_id = customer.get(f"{prefix(sandbox)}/api/auth/me").json()["id"]
    cart_add(customer, sandbox, movie_id)
    response = customer.get(f"{prefix(sandbox)}/api/events", {"lastEventId": 0})
    text = b"".join(response.streaming_content).decode()
    (line,) = [line for line in text.split("\n") if '"type":"cart.changed"' in line]
    assert AT.sub('"at":"AT"', line.removeprefix("data: ")).split(",", 1)[1] == (
        f'"type":"cart.changed","at":"AT","ids":{{"movie":{movie_id},"customer":{customer_id}}},'
        '"payload":{"change":"created","quantity":1}}'
    )
