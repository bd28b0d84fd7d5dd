"""GET /api/customers/summary and GET /api/customers stay exact after writes: one query per
page, compiled once, reads the rows and the trigger-kept total of that moment."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Customer
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

SUMMARY = "/api/customers/summary"


def test_the_summary_total_counts_a_customer_added_after_a_read(anon_client):
    CustomerFactory.create_batch(3)
    before = anon_client.get(SUMMARY).json()["pagination"]["totalItems"]
    CustomerFactory()
    after = anon_client.get(SUMMARY).json()["pagination"]["totalItems"]
    assert after == before + 1


def test_the_summary_total_is_a_json_integer(anon_client):
    CustomerFactory.create_batch(3)
    response = anon_client.get(SUMMARY)
    total = Customer.objects.count()
    assert f'"totalItems":{total},'.encode() in response.content


def test_the_summary_shows_a_name_changed_after_a_read(anon_client):
    customer = CustomerFactory(first_name="Before")
    anon_client.get(SUMMARY)
    Customer.objects.filter(id=customer.id).update(first_name="After")
    items = anon_client.get(SUMMARY).json()["items"]
    assert [item["firstName"] for item in items if item["id"] == customer.id] == ["After"]


def test_the_summary_drops_a_deleted_customer(anon_client):
    kept, gone = CustomerFactory(), CustomerFactory()
    anon_client.get(SUMMARY)
    Customer.objects.filter(id=gone.id).delete()
    body = anon_client.get(SUMMARY).json()
    assert [item["id"] for item in body["items"] if item["id"] in (kept.id, gone.id)] == [kept.id]
    assert body["pagination"]["totalItems"] == Customer.objects.count()


def test_an_unfiltered_summary_page_is_one_query(anon_client):
    CustomerFactory.create_batch(3)
    anon_client.get(SUMMARY)
    with CaptureQueriesContext(connection) as ctx:
        response = anon_client.get(SUMMARY)
    assert response.status_code == 200
    assert len(ctx.captured_queries) == 1


def test_a_logged_in_callers_summary_page_is_one_query_without_the_login_lookup(staff_client):
    CustomerFactory.create_batch(3)
    staff_client.get(SUMMARY)
    with CaptureQueriesContext(connection) as ctx:
        response = staff_client.get(SUMMARY)
    assert response.status_code == 200
    assert len(ctx.captured_queries) == 1


def test_a_staff_list_page_is_the_login_lookup_and_one_query(staff_client):
    CustomerFactory.create_batch(3)
    staff_client.get("/api/customers")
    with CaptureQueriesContext(connection) as ctx:
        response = staff_client.get("/api/customers")
    assert response.status_code == 200
    assert len(ctx.captured_queries) == 2


def test_a_filtered_summary_counts_the_matching_customers(anon_client):
    CustomerFactory.create_batch(2, first_name="Zed")
    CustomerFactory(first_name="Amy")
    body = anon_client.get(SUMMARY, {"first_name": "Zed"}).json()
    assert body["pagination"]["totalItems"] == 2
    assert {item["firstName"] for item in body["items"]} == {"Zed"}


def test_an_unknown_parameter_filters_nothing(anon_client):
    CustomerFactory.create_batch(2)
    plain = anon_client.get(SUMMARY).json()
    with_unknown = anon_client.get(SUMMARY, {"colour": "blue"}).json()
    assert with_unknown["items"] == plain["items"]
