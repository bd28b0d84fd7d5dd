"""Concurrent duplicates (P12): two requests with the same email or phone number, in
parallel threads with their own database connections, end with exactly one success and one
400 — backed by the unique indexes of schema.sql, not only by the checks before the write.

The barrier holds both requests after their checks passed and before they write, so both
reach the INSERT/UPDATE and the database constraint decides."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

import people.services
from people.models import Customer, Staff
from tests.conftest import logged_in_client
from tests.factories import PASSWORD
from tests.people.conftest import address_body, error

pytestmark = pytest.mark.django_db(transaction=True)


def in_parallel(*calls):
    def run(call):
        try:
            return call()
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def meet_before_writing(monkeypatch):
    """Both requests wait for each other at the address write, after every check."""
    barrier = threading.Barrier(2, timeout=10)
    real = people.services.address_assign

    def address_assign(**kwargs):
        barrier.wait()
        return real(**kwargs)

    monkeypatch.setattr(people.services, "address_assign", address_assign)


def test_two_staff_creations_with_one_email_give_one_success(manager_1, meet_before_writing):
    clients = [logged_in_client(manager_1.email, PASSWORD) for _ in range(2)]
    bodies = [
        {
            "firstName": "Twin",
            "lastName": str(n),
            "phoneNumber": f"045550000{n}",
            "email": "twin@example.com",
            "address": address_body(line=f"{n} Twin Street"),
        }
        for n in (1, 2)
    ]
    responses = in_parallel(
        *[
            lambda c=c, b=b: c.post("/api/staff", b, format="json")
            for c, b in zip(clients, bodies, strict=True)
        ]
    )
    assert sorted(r.status_code for r in responses) == [201, 400]
    refused = next(r for r in responses if r.status_code == 400)
    assert refused.json() == error("The email address is in use by other staff")
    assert Staff.objects.filter(email__iexact="twin@example.com").count() == 1


def test_two_customer_updates_to_one_phone_give_one_success(
    customer_a, customer_b, meet_before_writing
):
    calls = []
    for n, customer in enumerate((customer_a, customer_b)):
        client = logged_in_client(customer.email, PASSWORD)
        body = {"phoneNumber": "0499999999", "address": address_body(line=f"{n} Race Road")}
        calls.append(
            lambda c=client, i=customer.id, b=body: c.put(f"/api/customers/{i}", b, format="json")
        )
    responses = in_parallel(*calls)
    assert sorted(r.status_code for r in responses) == [204, 400]
    refused = next(r for r in responses if r.status_code == 400)
    assert refused.json() == error("Customer with the same phone number already exist")
    assert Customer.objects.filter(phone_number="0499999999").count() == 1


def test_the_refused_update_changed_nothing(customer_a, customer_b, meet_before_writing):
    calls = []
    for n, customer in enumerate((customer_a, customer_b)):
        client = logged_in_client(customer.email, PASSWORD)
        body = {
            "firstName": f"Racer{n}",
            "phoneNumber": "0499999999",
            "address": address_body(line=f"{n} Race Road"),
        }
        calls.append(
            lambda c=client, i=customer.id, b=body: c.put(f"/api/customers/{i}", b, format="json")
        )
    in_parallel(*calls)
    loser = Customer.objects.exclude(phone_number="0499999999").get(
        id__in=[customer_a.id, customer_b.id]
    )
    original = customer_a if loser.id == customer_a.id else customer_b
    assert (loser.first_name, loser.address_id) == (original.first_name, original.address_id)
