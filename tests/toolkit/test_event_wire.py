"""The exact bytes of every live event type as /api/events serves them (docs/toolkit.md "Live
events"): key names, key order, value types, and which null payload fields are left out. Each
test compares the stream's whole `data:` line to a literal, `at` excepted (the database's
clock at write time; its form is pinned once). These literals are the wire every frontend
parses: they held before the events' shapes moved from SQL to the serializers of
toolkit/event_serializers.py, and must hold after any change to either."""

import datetime
import importlib
import re

import pytest
from django.db import connection
from django.utils import timezone

from movies.models import Movie
from reelfake.sse import sse_data
from tests.factories import (
    ActorFactory,
    CartFactory,
    CustomerFactory,
    InventoryFactory,
    MovieFactory,
    MovieLanguageFactory,
    RentalFactory,
    StoreFactory,
    WishlistFactory,
)
from toolkit.models import Event
from toolkit.serializers import EventSerializer
from uploads.models import UploadJob

pytestmark = pytest.mark.django_db

URL = "/api/events"
AT = re.compile(r'"at":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z)"')
END = datetime.datetime(2024, 1, 13, 10, 0, tzinfo=datetime.UTC)
RETURNED = datetime.datetime(2024, 1, 12, 18, 30, 15, 250000, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def short_streams(settings):
    """Streams end after their first look at the table."""
    settings.REELFAKE_SSE_MAX_STREAM_SECONDS = 0


MIGRATION = importlib.import_module("toolkit.migrations.0007_event_capture")


class Writer:
    """Which trigger functions write the test's events. `before_0007`: those of 0004-0006,
    into the `ids` and `payload` columns they had, then 0007's conversion and functions run
    on the first read, as `migrate` would on a server holding those rows."""

    def __init__(self, before_0007: bool):
        self.pending = before_0007
        if before_0007:
            with connection.cursor() as cursor:
                cursor.execute(
                    "ALTER TABLE toolkit_event ADD COLUMN ids jsonb NOT NULL DEFAULT '{}',"
                    " ADD COLUMN payload jsonb NOT NULL DEFAULT '{}',"
                    " ALTER op SET DEFAULT '', ALTER data SET DEFAULT '{}'"
                )
                cursor.execute(MIGRATION.PREVIOUS)

    def migrate(self):
        if not self.pending:
            return
        self.pending = False
        with connection.cursor() as cursor:
            cursor.execute(MIGRATION.CONVERT)
            cursor.execute(MIGRATION.EMIT)
            cursor.execute(
                "ALTER TABLE toolkit_event DROP COLUMN ids, DROP COLUMN payload,"
                " ALTER op DROP DEFAULT, ALTER data DROP DEFAULT"
            )


@pytest.fixture(autouse=True, params=["current", "before_0007"])
def writer(request, db):
    """Every test twice: events written by the current trigger, and events written before
    0007 then converted by it (a client resuming from a kept event gets the same bytes).
    Autouse, so it comes before the fixtures that write rows."""
    return Writer(request.param == "before_0007")


def last_id() -> int:
    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def wire(writer):
    return lambda client, after: read_wire(writer, client, after)


def read_wire(writer: Writer, client, after: int) -> list[str]:
    """The `data:` lines of the events (with an `id:`) one stream serves after event `after`,
    their `at` replaced by AT; each line's id is checked against its `id:`."""
    writer.migrate()
    response = client.get(URL, {"lastEventId": after})
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode()
    lines = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line)
        if "id" in fields:
            data = fields["data"]
            assert data.startswith('{"id":' + fields["id"] + ',"type":"'), data
            assert AT.search(data), data
            lines.append(AT.sub('"at":"AT"', data))
    return lines


def event_ids(after: int) -> list[int]:
    return list(Event.objects.filter(id__gt=after).order_by("id").values_list("id", flat=True))


def test_movie_created_updated_deleted_wire(customer_client, wire):
    start = last_id()
    movie = MovieFactory(title="The Last Reel")
    movie.title = "Reel Two"
    movie.save()
    movie_id = movie.id
    movie.delete()
    a, b, c = event_ids(start)
    assert wire(customer_client, start) == [
        f'{{"id":{a},"type":"movie.created","at":"AT","ids":{{"movie":{movie_id}}},'
        '"payload":{"title":"The Last Reel"}}',
        f'{{"id":{b},"type":"movie.updated","at":"AT","ids":{{"movie":{movie_id}}},'
        '"payload":{"title":"Reel Two"}}',
        f'{{"id":{c},"type":"movie.deleted","at":"AT","ids":{{"movie":{movie_id}}},'
        '"payload":{"title":"Reel Two"}}',
    ]


def test_movie_title_with_quotes_and_non_ascii_wire(customer_client, wire):
    start = last_id()
    movie = MovieFactory(title='Amélie "Ω" \\ 東京')
    (a,) = event_ids(start)
    assert wire(customer_client, start) == [
        f'{{"id":{a},"type":"movie.created","at":"AT","ids":{{"movie":{movie.id}}},'
        '"payload":{"title":"Amélie \\"Ω\\" \\\\ 東京"}}',
    ]


def test_actor_created_updated_deleted_wire(customer_client, wire):
    start = last_id()
    actor = ActorFactory(actor_name="Ada Screen")
    actor.actor_name = "Ada Stage"
    actor.save()
    actor_id = actor.id
    actor.delete()
    a, b, c = event_ids(start)
    assert wire(customer_client, start) == [
        f'{{"id":{a},"type":"actor.created","at":"AT","ids":{{"actor":{actor_id}}},'
        '"payload":{"name":"Ada Screen"}}',
        f'{{"id":{b},"type":"actor.updated","at":"AT","ids":{{"actor":{actor_id}}},'
        '"payload":{"name":"Ada Stage"}}',
        f'{{"id":{c},"type":"actor.deleted","at":"AT","ids":{{"actor":{actor_id}}},'
        '"payload":{"name":"Ada Stage"}}',
    ]


def test_stock_changed_wire_including_delete_as_stock_zero(customer_client, wire):
    movie, store = MovieFactory(), StoreFactory()
    start = last_id()
    inventory = InventoryFactory(movie=movie, store=store, stock_count=3)
    inventory.stock_count = 2
    inventory.save()
    inventory.save()  # the same stock: no event
    inventory.delete()
    a, b, c = event_ids(start)
    ids = f'"ids":{{"movie":{movie.id},"store":{store.id}}}'
    assert wire(customer_client, start) == [
        f'{{"id":{a},"type":"stock.changed","at":"AT",{ids},"payload":{{"stock":3}}}}',
        f'{{"id":{b},"type":"stock.changed","at":"AT",{ids},"payload":{{"stock":2}}}}',
        f'{{"id":{c},"type":"stock.changed","at":"AT",{ids},"payload":{{"stock":0}}}}',
    ]


def test_rental_created_and_returned_wire(customer_client, customer, wire):
    inventory = InventoryFactory()
    start = last_id()
    rental = RentalFactory(customer=customer, inventory=inventory, rental_end_date=END)
    rental.return_date = RETURNED
    rental.save()
    rental.save()  # returned already: no event
    a, b = event_ids(start)
    ids = (
        f'"ids":{{"movie":{inventory.movie_id},"store":{inventory.store_id},'
        f'"rental":{rental.id},"customer":{customer.id},"inventory":{inventory.id}}}'
    )
    assert wire(customer_client, start) == [
        f'{{"id":{a},"type":"rental.created","at":"AT",{ids},'
        '"payload":{"rentalEndDate":"2024-01-13T10:00:00+00:00"}}',
        f'{{"id":{b},"type":"rental.returned","at":"AT",{ids},'
        '"payload":{"returnDate":"2024-01-12T18:30:15.25+00:00",'
        '"rentalEndDate":"2024-01-13T10:00:00+00:00"}}',
    ]


def test_cart_changed_wire_created_updated_deleted(customer_client, customer, wire):
    movie = MovieFactory()
    start = last_id()
    cart = CartFactory(customer=customer, movie=movie, quantity=1)
    cart.quantity = 3
    cart.save()
    cart.delete()
    a, b, c = event_ids(start)
    ids = f'"ids":{{"movie":{movie.id},"customer":{customer.id}}}'
    assert wire(customer_client, start) == [
        f'{{"id":{a},"type":"cart.changed","at":"AT",{ids},'
        '"payload":{"change":"created","quantity":1}}',
        f'{{"id":{b},"type":"cart.changed","at":"AT",{ids},'
        '"payload":{"change":"updated","quantity":3}}',
        f'{{"id":{c},"type":"cart.changed","at":"AT",{ids},'
        '"payload":{"change":"deleted","quantity":3}}',
    ]


def test_wishlist_changed_wire_leaves_out_the_quantity_it_has_none_of(
    customer_client, customer, wire
):
    movie = MovieFactory()
    start = last_id()
    wish = WishlistFactory(customer=customer, movie=movie)
    wish.delete()
    a, b = event_ids(start)
    ids = f'"ids":{{"movie":{movie.id},"customer":{customer.id}}}'
    assert wire(customer_client, start) == [
        f'{{"id":{a},"type":"wishlist.changed","at":"AT",{ids},"payload":{{"change":"created"}}}}',
        f'{{"id":{b},"type":"wishlist.changed","at":"AT",{ids},"payload":{{"change":"deleted"}}}}',
    ]


def test_customer_registered_with_a_preferred_store_wire(staff_client, staff_member, wire):
    start = last_id()
    registered = CustomerFactory(preferred_store=staff_member.store)
    registered.first_name = "Changed"
    registered.save()  # not an event
    (a,) = event_ids(start)
    assert wire(staff_client, start) == [
        f'{{"id":{a},"type":"customer.registered","at":"AT",'
        f'"ids":{{"store":{staff_member.store_id},"customer":{registered.id}}},"payload":{{}}}}',
    ]


def test_customer_registered_without_a_preferred_store_wire_keeps_store_null(staff_client, wire):
    start = last_id()
    registered = CustomerFactory(preferred_store=None)
    (a,) = event_ids(start)
    assert wire(staff_client, start) == [
        f'{{"id":{a},"type":"customer.registered","at":"AT",'
        f'"ids":{{"store":null,"customer":{registered.id}}},"payload":{{}}}}',
    ]


def finished_job(owner_role: str, owner_id: int) -> UploadJob:
    job = UploadJob.objects.create(
        kind=UploadJob.UPLOAD,
        owner_role=owner_role,
        owner_id=owner_id,
        file_size=10,
        total_rows=3,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    UploadJob.objects.filter(id=job.id).update(ok_count=1, failed_count=1)  # still pending
    UploadJob.objects.filter(id=job.id).update(status=UploadJob.DONE, ok_count=2)
    UploadJob.objects.filter(id=job.id).update(failed_count=1)  # finished already
    return job


def test_upload_finished_wire_for_a_staff_owner(manager_client, store_manager, wire):
    start = last_id()
    job = finished_job("STORE_MANAGER", store_manager.id)
    (a,) = event_ids(start)
    assert wire(manager_client, start) == [
        f'{{"id":{a},"type":"upload.finished","at":"AT","ids":{{"job":"{job.id}"}},'
        '"payload":{"kind":"upload","status":"done","okCount":2,"totalRows":3,"failedCount":1}}',
    ]


def test_upload_finished_for_a_customer_owner_is_written_for_no_stream(
    customer_client, customer, wire
):
    start = last_id()
    job = finished_job("CUSTOMER", customer.id)
    assert wire(customer_client, start) == []
    (event,) = Event.objects.filter(id__gt=start)
    assert AT.sub('"at":"AT"', sse_data(EventSerializer(event).data)) == (
        f'{{"id":{event.id},"type":"upload.finished","at":"AT","ids":{{"job":"{job.id}"}},'
        '"payload":{"kind":"upload","status":"done","okCount":2,"totalRows":3,"failedCount":1}}'
    )


def test_movie_imported_wire(customer_client, wire):
    start = last_id()
    with connection.cursor() as cursor:  # as uploads/services.py movies_insert marks its batch
        cursor.execute("SELECT set_config('reelfake.events', 'upload', true)")
        language = MovieLanguageFactory()
        Movie.objects.bulk_create(MovieFactory.build_batch(2, language=language))  # one INSERT
        cursor.execute("SELECT set_config('reelfake.events', '', true)")
    (a,) = event_ids(start)
    assert wire(customer_client, start) == [
        f'{{"id":{a},"type":"movie.imported","at":"AT","ids":{{}},"payload":{{"count":2}}}}',
    ]
