"""With a read replica that lags behind the primary, the reads that must see the latest state
use the primary: the per-request identity check and the upload tracking stream
(docs/security.md "Read replica").

The replica here is a second connection to the test database: it sees what was committed,
while the test writes its "just happened" rows inside a transaction on the primary that is
never committed, exactly what a replica that has not caught up yet shows."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections, transaction
from rest_framework.test import APIClient

from people.models import Customer
from reelfake.db.routers import REPLICA
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, CustomerFactory, GenreFactory, make_store_manager
from tests.uploads.conftest import (
    TRACK_VALIDATION_URL,
    VALIDATE_URL,
    create_reference_data,
    csv_bytes,
    numbered_rows,
    post_csv,
    read_stream,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lagging_replica(settings):
    """Replica mode as settings.py sets it up for DATABASE_REPLICA_URL, the replica being a
    second connection to the test database."""
    connections.settings[REPLICA] = {**connection.settings_dict}
    settings.DATABASE_ROUTERS = ["reelfake.db.routers.ReadReplicaRouter"]
    settings.MIDDLEWARE = [
        *django_settings.MIDDLEWARE,
        "reelfake.db.routers.ReadOnlyRequestMiddleware",
    ]
    replica = connections[REPLICA]
    # Connected here: pytest-django only lets the test's declared databases connect lazily.
    replica.connect()
    yield replica
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def replica_sees_customer(replica, customer_id: int) -> bool:
    with replica.cursor() as cursor:
        cursor.execute("SELECT active FROM customer WHERE id = %s", [customer_id])
        return cursor.fetchone()[0]


def test_a_customer_deactivated_a_moment_ago_is_refused_though_the_replica_lags(
    lagging_replica,
):
    customer = CustomerFactory()
    client = logged_in_client(customer.email, PASSWORD)
    with transaction.atomic():
        Customer.objects.filter(pk=customer.pk).update(active=False)
        assert replica_sees_customer(lagging_replica, customer.pk) is True
        response = client.get("/api/auth/me")
        transaction.set_rollback(True)
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid or expired token"}


def test_a_job_posted_a_moment_ago_is_tracked_though_the_replica_lags(lagging_replica):
    manager = make_store_manager()
    create_reference_data()
    client = logged_in_client(manager.email, PASSWORD)
    with transaction.atomic():
        posted = post_csv(client, f"{VALIDATE_URL}?enable_tracking", csv_bytes(numbered_rows(2)))
        assert posted.status_code == 202
        response = client.get(TRACK_VALIDATION_URL, HTTP_ACCEPT="text/event-stream")
        events = read_stream(response) if response.status_code == 200 else None
        transaction.set_rollback(True)
    assert response.status_code == 200, response.content
    assert events.data[-1]["status"] == "done"


def test_an_ordinary_read_shows_the_replica_lag(lagging_replica):
    """The setup is real: a plain GET reads the replica, which misses the uncommitted row."""
    with transaction.atomic():
        GenreFactory(genre_name="Just Added")
        response = APIClient().get("/api/genres")
        transaction.set_rollback(True)
    assert response.status_code == 200
    assert "Just Added" not in [item["genreName"] for item in response.json()["items"]]
