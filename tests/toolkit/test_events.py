"""GET /api/events: what changes in the caller's world, per role, resumable without
duplicates (docs/toolkit.md "Live events"). Rows are written by database triggers, so the
factories' plain ORM writes produce them as the API's would."""

import datetime
import json

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import error
from tests.factories import (
    ActorFactory,
    CartFactory,
    CustomerFactory,
    InventoryFactory,
    MovieFactory,
    RentalFactory,
    StoreFactory,
    WishlistFactory,
    make_store_manager,
)
from toolkit.models import Event
from uploads.models import UploadJob

pytestmark = pytest.mark.django_db

URL = "/api/events"


@pytest.fixture(autouse=True)
def short_streams(settings):
    """Streams end after their first look at the table."""
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 0


def read(client, after=0, **headers):
    """The events of one stream opened after event `after` (None: no resume point)."""
    query = {} if after is None else {"lastEventId": after}
    return events_of(client.get(URL, query, headers=headers))


def events_of(response) -> list[dict]:
    """The events (with an id) of a whole stream response."""
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode()
    found = []
    for block in text.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line)
        if "id" in lines:
            event = json.loads(lines["data"])
            assert event["id"] == int(lines["id"])
            found.append(event)
    return found


def types(events):
    return [event["type"] for event in events]


def test_anonymous_caller_gets_401(anon_client):
    response = anon_client.get(URL)
    assert response.status_code == 401
    assert response.json() == error("Invalid or expired token")


def test_event_carries_type_time_ids_and_payload(customer_client):
    movie = MovieFactory(title="The Last Reel")
    (event,) = read(customer_client)
    assert (event["type"], event["ids"], event["payload"]) == (
        "movie.created",
        {"movie": movie.id},
        {"title": "The Last Reel"},
    )
    assert datetime.datetime.fromisoformat(event["at"]) <= timezone.now()


def test_movie_updates_and_deletes_are_events(customer_client):
    movie = MovieFactory()
    movie.title = "Renamed"
    movie.save()
    movie.delete()
    assert types(read(customer_client)) == ["movie.created", "movie.updated", "movie.deleted"]


def test_actor_changes_are_events(customer_client):
    ActorFactory(actor_name="Ada Screen")
    (event,) = read(customer_client)
    assert (event["type"], event["payload"]) == ("actor.created", {"name": "Ada Screen"})


def test_actor_updates_and_deletes_are_events(customer_client):
    actor = ActorFactory()
    actor.actor_name = "Renamed"
    actor.save()
    actor.delete()
    events = read(customer_client)
    assert types(events) == ["actor.created", "actor.updated", "actor.deleted"]
    assert events[1]["payload"] == {"name": "Renamed"}


def test_stock_change_names_store_movie_and_stock(customer_client):
    inventory = InventoryFactory(stock_count=3)
    Event.objects.all().delete()
    inventory.stock_count = 2
    inventory.save()
    (event,) = read(customer_client)
    assert (event["type"], event["ids"], event["payload"]) == (
        "stock.changed",
        {"store": inventory.store_id, "movie": inventory.movie_id},
        {"stock": 2},
    )


def test_customer_receives_their_own_cart_and_wishlist_events(customer_client, customer):
    CartFactory(customer=customer)
    WishlistFactory(customer=customer)
    mine = [e for e in read(customer_client) if e["type"].endswith(".changed")]
    assert [(e["type"], e["ids"]["customer"]) for e in mine] == [
        ("cart.changed", customer.id),
        ("wishlist.changed", customer.id),
    ]


def test_customer_does_not_receive_another_customers_events(customer_client):
    other = CustomerFactory()
    CartFactory(customer=other)
    WishlistFactory(customer=other)
    RentalFactory(customer=other)
    assert not {"cart.changed", "wishlist.changed", "rental.created"} & set(
        types(read(customer_client))
    )


def test_customer_receives_their_rental_created_and_returned(customer_client, customer):
    rental = RentalFactory(customer=customer)
    rental.return_date = timezone.now()
    rental.save()
    rentals = [e for e in read(customer_client) if e["type"].startswith("rental.")]
    assert [(e["type"], e["ids"]["rental"]) for e in rentals] == [
        ("rental.created", rental.id),
        ("rental.returned", rental.id),
    ]
    assert rentals[0]["ids"]["movie"] == rental.inventory.movie_id


def test_staff_receive_their_stores_rentals(staff_client, staff_member):
    inventory = InventoryFactory(store=staff_member.store)
    rental = RentalFactory(inventory=inventory)
    rentals = [e for e in read(staff_client) if e["type"] == "rental.created"]
    assert [e["ids"]["rental"] for e in rentals] == [rental.id]


def test_manager_receives_their_stores_rentals(manager_client, store_manager):
    rental = RentalFactory(inventory=InventoryFactory(store=store_manager.store))
    RentalFactory(inventory=InventoryFactory(store=StoreFactory()))
    rentals = [e for e in read(manager_client) if e["type"] == "rental.created"]
    assert [e["ids"]["rental"] for e in rentals] == [rental.id]


def test_staff_do_not_receive_other_stores_rentals_or_customers_carts(staff_client):
    RentalFactory(inventory=InventoryFactory(store=StoreFactory()))
    CartFactory()
    assert not {"rental.created", "cart.changed"} & set(types(read(staff_client)))


def test_staff_receive_registrations_for_their_store(staff_client, staff_member):
    mine = CustomerFactory(preferred_store=staff_member.store)
    CustomerFactory(preferred_store=StoreFactory())
    registered = [e for e in read(staff_client) if e["type"] == "customer.registered"]
    assert [e["ids"]["customer"] for e in registered] == [mine.id]


def test_customers_do_not_receive_registrations(customer_client):
    CustomerFactory()
    assert "customer.registered" not in types(read(customer_client))


def test_manager_receives_their_upload_finished(manager_client, store_manager):
    job = UploadJob.objects.create(
        kind=UploadJob.UPLOAD,
        owner_role="STORE_MANAGER",
        owner_id=store_manager.id,
        file_size=10,
        total_rows=2,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    UploadJob.objects.filter(id=job.id).update(status=UploadJob.DONE, ok_count=2)
    (event,) = [e for e in read(manager_client) if e["type"] == "upload.finished"]
    assert (event["ids"], event["payload"]["status"], event["payload"]["okCount"]) == (
        {"job": str(job.id)},
        "done",
        2,
    )


def test_another_manager_does_not_receive_an_upload_finished(manager_client, store_manager):
    other = make_store_manager()
    job = UploadJob.objects.create(
        kind=UploadJob.UPLOAD,
        owner_role="STORE_MANAGER",
        owner_id=other.id,
        file_size=10,
        total_rows=1,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    UploadJob.objects.filter(id=job.id).update(status=UploadJob.DONE, ok_count=1)
    assert "upload.finished" not in types(read(manager_client))


def test_without_a_resume_point_the_stream_starts_from_now(customer_client):
    MovieFactory()
    assert read(customer_client, after=None) == []


def test_resume_after_last_event_id_sends_each_event_once(customer_client):
    MovieFactory()
    MovieFactory()
    first = read(customer_client)
    MovieFactory()
    resumed = read(customer_client, after=None, **{"Last-Event-ID": str(first[-1]["id"])})
    assert len(first) == 2
    assert types(resumed) == ["movie.created"]
    assert not {e["id"] for e in first} & {e["id"] for e in resumed}


def test_bearer_token_works_like_the_cookie(customer_client, anon_client):
    token = customer_client.cookies["auth_token"].value
    MovieFactory()
    events = read(anon_client, **{"Authorization": f"Bearer {token}"})
    assert types(events) == ["movie.created"]


def test_old_events_are_dropped_every_thousandth_event(db):
    for _ in range(3):
        MovieFactory()
    last = Event.objects.order_by("-id").first().id
    trim_at = (last // 1000 + 2) * 1000  # the next multiple of 1000 at least 1000 past `last`
    with connection.cursor() as cursor:  # as if that many more events had happened since
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('toolkit_event', 'id'), %s)", [trim_at - 1]
        )
    MovieFactory()
    assert list(Event.objects.values_list("id", flat=True)) == [trim_at]


def test_seeding_writes_no_events(db):
    from django.core.management import call_command

    call_command("seed", "--scale", "tiny", "--reset", stdout=open("/dev/null", "w"))
    assert not Event.objects.exists()
