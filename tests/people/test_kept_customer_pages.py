"""Unfiltered pages of GET /api/customers/summary and GET /api/customers kept in memory per
world and dropped on a committed write they show (reelfake/kept_pages.py, docs/performance.md
"Kept customer pages")."""

import gzip

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from movies.serializers import MOVIE_SUMMARY_ROW, MOVIE_WITH_ACTORS_ROW
from people.models import Customer, Staff
from people.serializers import CUSTOMER_ROW, PERSON_SUMMARY_ROW
from places.models import Address
from reelfake import kept_pages
from reelfake.db import worlds
from reelfake.db.listener import process_listener
from reelfake.renderers import RenderedBody
from tests.factories import AddressFactory, CustomerFactory
from tests.kept import another_world_written, kept_listening, settle, written
from tests.reference import arrived

pytestmark = pytest.mark.django_db(transaction=True)

SUMMARY = "/api/customers/summary"
LIST = "/api/customers"


@pytest.fixture
def kept(settings):
    """This process's subscriptions, listened to; cancelled (and every page dropped) after."""
    yield from kept_listening(settings, kept_pages, REELFAKE_KEPT_PAGES=256)


@pytest.fixture
def customers():
    return [CustomerFactory(address=AddressFactory()) for _ in range(3)]


def first_names(client, url=SUMMARY) -> dict[int, str]:
    response = client.get(url)
    assert response.status_code == 200
    return {item["id"]: item["firstName"] for item in response.json()["items"]}


def test_a_repeated_summary_page_is_answered_without_a_query(kept, customers, anon_client):
    settle(kept)
    anon_client.get(SUMMARY)
    with CaptureQueriesContext(connection) as queries:
        response = anon_client.get(SUMMARY)
    assert response.status_code == 200
    assert queries.captured_queries == []


def test_a_logged_in_callers_repeated_summary_page_is_the_kept_bytes_without_a_query(
    kept, customers, anon_client, staff_client
):
    # bench/routes.py sends its staff cookie to the summary, as a logged-in client would.
    settle(kept)
    kept_bytes = anon_client.get(SUMMARY).content
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(SUMMARY)
    assert response.status_code == 200
    assert response.content == kept_bytes
    assert queries.captured_queries == []


def test_a_kept_summary_page_answers_the_same_bytes_and_etag(kept, customers, anon_client):
    settle(kept)
    fresh = anon_client.get(SUMMARY)
    again = anon_client.get(SUMMARY)
    assert again.content == fresh.content
    assert again["ETag"] == fresh["ETag"]


def test_a_kept_summary_page_is_a_kept_body(kept, customers, anon_client):
    settle(kept)
    anon_client.get(SUMMARY)
    [page] = kept.entries.values()
    assert type(page) is kept_pages.KeptBody


def test_a_kept_page_belongs_to_its_world(kept, customers, anon_client):
    settle(kept)
    anon_client.get(SUMMARY)
    [key] = kept.entries
    assert key[0] == worlds.current_world().schema


def test_page_first_and_page_1_share_one_kept_page(kept, customers, anon_client):
    settle(kept)
    one = anon_client.get(SUMMARY, {"page": "1"})
    first = anon_client.get(SUMMARY, {"page": "first"})
    assert first.content == one.content
    assert len(kept.entries) == 1


def test_a_committed_rename_shows_in_the_next_summary_page(kept, customers, anon_client):
    settle(kept)
    customer = customers[0]
    first_names(anon_client)
    written(kept, lambda: Customer.objects.filter(id=customer.id).update(first_name="After"))
    assert first_names(anon_client)[customer.id] == "After"


def test_a_committed_new_customer_shows_in_the_next_summary_total(kept, customers, anon_client):
    settle(kept)
    anon_client.get(SUMMARY)
    written(kept, lambda: CustomerFactory())
    body = anon_client.get(SUMMARY).json()
    assert body["pagination"]["totalItems"] == 4


def test_a_committed_deactivation_shows_in_the_next_summary_page(kept, customers, anon_client):
    settle(kept)
    customer = customers[0]
    anon_client.get(SUMMARY)
    written(kept, lambda: Customer.objects.filter(id=customer.id).update(active=False))
    items = anon_client.get(SUMMARY).json()["items"]
    assert [item["active"] for item in items if item["id"] == customer.id] == [False]


def test_a_customer_write_drops_its_worlds_pages(kept, customers, anon_client):
    settle(kept)
    anon_client.get(SUMMARY)
    Customer.objects.filter(id=customers[0].id).update(last_name="Other")  # notified on commit
    arrived()
    assert kept.entries == {}


def test_another_worlds_write_keeps_this_worlds_pages(kept, customers, anon_client):
    settle(kept)
    anon_client.get(SUMMARY)
    another_world_written(kept)
    assert [key[0] for key in kept.entries] == [worlds.current_world().schema]


def test_a_logout_keeps_the_pages(kept, customers, anon_client):
    settle(kept)
    anon_client.get(SUMMARY)
    customer = customers[0]
    bump = F("session_version") + 1
    written(kept, lambda: Customer.objects.filter(id=customer.id).update(session_version=bump))
    assert len(kept.entries) == 1


def test_a_world_filled_with_triggers_off_drops_its_pages(kept, customers, anon_client):
    settle(kept)
    anon_client.get(SUMMARY)
    with connection.cursor() as cursor:  # what worlds.py sends after such a fill
        cursor.execute("SELECT pg_notify('reelfake_reference', %s)", [worlds.MAIN_WORLD.schema])
    arrived()
    assert kept.entries == {}


def test_a_repeated_staff_list_page_is_only_the_login_lookup(kept, customers, staff_client):
    settle(kept)
    staff_client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(LIST)
    assert response.status_code == 200
    assert len(queries.captured_queries) == 1


def test_a_kept_staff_list_page_answers_the_same_bytes(kept, customers, staff_client):
    settle(kept)
    fresh = staff_client.get(LIST)
    again = staff_client.get(LIST)
    assert again.content == fresh.content


def test_a_kept_staff_list_page_is_not_a_kept_body(kept, customers, staff_client):
    settle(kept)
    staff_client.get(LIST)
    [page] = kept.entries.values()
    assert type(page) is RenderedBody


def test_a_kept_summary_page_keeps_its_bytes_not_its_items(kept, customers, anon_client):
    settle(kept)
    response = anon_client.get(SUMMARY)
    [page] = kept.entries.values()
    assert (dict(page), page.rendered) == ({}, response.content)


def test_a_kept_staff_list_page_keeps_its_bytes_not_its_items(kept, customers, staff_client):
    settle(kept)
    response = staff_client.get(LIST)
    [page] = kept.entries.values()
    assert (dict(page), page.rendered) == ({}, response.content)


def test_an_indented_kept_staff_list_page_answers_as_an_indented_read_one(
    kept, customers, staff_client, settings
):
    settle(kept)
    indented = {"HTTP_ACCEPT": "application/json; indent=2"}
    for _ in range(2):
        kept_answer = staff_client.get(LIST, **indented)
    settings.REELFAKE_KEPT_PAGES = 0
    read = staff_client.get(LIST, **indented)
    assert kept_answer.content.startswith(b'{\n  "items"')
    assert kept_answer.content == read.content


def test_a_kept_staff_list_page_is_compressed_afresh_for_each_answer(kept, staff_client, settings):
    CustomerFactory.create_batch(20, address=None)
    settle(kept)
    gzipped = [staff_client.get(LIST, HTTP_ACCEPT_ENCODING="gzip") for _ in range(8)]
    assert {response["Content-Encoding"] for response in gzipped} == {"gzip"}
    assert len({response.content for response in gzipped}) > 1  # Django's random bytes
    assert len({gzip.decompress(response.content) for response in gzipped}) == 1


def test_a_committed_address_change_shows_in_the_next_staff_list_page(
    kept, customers, staff_client
):
    settle(kept)
    customer = customers[0]
    staff_client.get(LIST)
    address_id = customer.address_id
    written(
        kept, lambda: Address.objects.filter(id=address_id).update(address_line="9 Changed Road")
    )
    items = staff_client.get(LIST).json()["items"]
    [item] = [item for item in items if item["id"] == customer.id]
    assert item["address"]["addressLine"] == "9 Changed Road"


def test_a_deactivated_staff_member_is_refused_a_kept_page(kept, customers, staff_client):
    settle(kept)
    assert staff_client.get(LIST).status_code == 200
    Staff.objects.update(active=False)
    response = staff_client.get(LIST)
    assert (response.status_code, response.json()) == (
        401,
        {"status": "error", "message": "Invalid or expired token"},
    )


def test_a_logged_out_session_is_refused_a_kept_page(kept, customers, staff_client, settings):
    settle(kept)
    assert staff_client.get(LIST).status_code == 200
    token = staff_client.cookies[settings.AUTH_COOKIE_NAME].value
    assert staff_client.get("/api/auth/logout").status_code == 200
    staff_client.cookies[settings.AUTH_COOKIE_NAME] = token  # the old token, sent again
    assert staff_client.get(LIST).status_code == 401


def test_an_anonymous_caller_is_refused_a_kept_staff_list_page(kept, customers, staff_client):
    settle(kept)
    staff_client.get(LIST)
    assert len(kept.entries) == 1
    assert APIClient().get(LIST).status_code == 401


def test_a_filtered_page_is_not_kept(kept, customers, anon_client):
    settle(kept)
    response = anon_client.get(SUMMARY, {"first_name": customers[0].first_name})
    assert response.status_code == 200
    assert kept.entries == {}


def test_a_page_past_the_end_is_not_kept(kept, customers, anon_client):
    settle(kept)
    response = anon_client.get(SUMMARY, {"page": "2"})
    assert (response.status_code, response.json()["message"]) == (404, "Page out of range")
    assert kept.entries == {}


def test_a_page_read_inside_a_transaction_is_not_kept(kept, customers, anon_client):
    settle(kept)
    with transaction.atomic():
        CustomerFactory(first_name="Uncommitted")
        assert "Uncommitted" in first_names(anon_client).values()
        transaction.set_rollback(True)
    assert kept.entries == {}
    assert "Uncommitted" not in first_names(anon_client).values()


def test_a_transaction_is_not_answered_from_memory(kept, customers, anon_client):
    settle(kept)
    first_names(anon_client)
    with transaction.atomic():
        CustomerFactory(first_name="Uncommitted")
        assert "Uncommitted" in first_names(anon_client).values()
        transaction.set_rollback(True)


def test_a_page_read_while_a_notification_arrives_is_not_kept(kept, customers):
    settle(kept)

    def build_then_notified():
        kept.invalidate(schema="sandbox_0123456789abcdef")  # the listener thread, meanwhile
        return RenderedBody({"items": []})

    kept_pages.kept_page(("list", 1), build_then_notified)
    assert kept.entries == {}


def test_at_most_the_setting_keeps_pages_least_recently_used_out(kept, anon_client, settings):
    CustomerFactory.create_batch(101)
    settle(kept)
    settings.REELFAKE_KEPT_PAGES = 2
    for page in ("1", "2", "1", "3"):
        assert anon_client.get(SUMMARY, {"page": page}).status_code == 200
    assert [key[-1] for key in kept.entries] == [1, 3]


def test_nothing_is_kept_while_the_setting_is_zero(settings, customers, anon_client):
    settings.REELFAKE_KEPT_PAGES = 0
    assert anon_client.get(SUMMARY).status_code == 200
    assert not kept_pages._kept.ready
    assert kept_pages._kept.entries == {}


def test_a_row_shape_with_an_absolute_url_reads_the_request():
    assert MOVIE_SUMMARY_ROW.uses_request
    assert MOVIE_WITH_ACTORS_ROW.uses_request


def test_the_customer_row_shapes_do_not_read_the_request():
    assert not CUSTOMER_ROW.uses_request
    assert not PERSON_SUMMARY_ROW.uses_request


# The listener thread delivers notifications under its lock: holding it shows what this
# process does before a notification arrives.
def test_a_customer_update_drops_this_processs_pages_before_its_notification(
    kept, customers, anon_client, manager_client
):
    settle(kept)
    first_names(anon_client)
    with process_listener()._lock:
        response = manager_client.put(
            f"/api/customers/{customers[0].id}", {"firstName": "Changed"}, format="json"
        )
        assert response.status_code == 204
        assert kept.entries == {}
        assert first_names(anon_client)[customers[0].id] == "Changed"


def test_a_deactivation_drops_this_processs_pages_before_its_notification(
    kept, customers, anon_client, manager_client
):
    settle(kept)
    first_names(anon_client)
    with process_listener()._lock:
        response = manager_client.patch(f"/api/customers/{customers[0].id}/deactivate")
        assert response.status_code == 204
        assert kept.entries == {}


def test_a_registration_drops_this_processs_pages_before_its_notification(
    kept, customers, anon_client
):
    settle(kept)
    first_names(anon_client)
    body = {
        "firstName": "New",
        "lastName": "Customer",
        "email": "newcustomer1@example.com",
        "password": "Secret-Pass-123",
    }
    with process_listener()._lock:
        response = APIClient().post("/api/customers/register", body, format="json")
        assert response.status_code in (200, 201), response.content
        assert kept.entries == {}


def test_a_refused_update_keeps_the_pages(kept, customers, anon_client, manager_client):
    settle(kept)
    first_names(anon_client)
    with process_listener()._lock:
        response = manager_client.put(
            f"/api/customers/{customers[0].id}", {"preferredStoreId": 999999}, format="json"
        )
        assert response.status_code == 404
        assert len(kept.entries) == 1


def test_a_notification_naming_no_world_drops_every_page(kept, customers, anon_client):
    settle(kept)
    anon_client.get(SUMMARY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, '')", [kept_pages.CHANNEL])
    arrived()
    assert kept.entries == {}
