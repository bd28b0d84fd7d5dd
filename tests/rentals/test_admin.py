"""Read-only rental admin that never counts the whole table."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rentals.admin import CappedCountPaginator
from rentals.models import Rental
from tests.factories import PASSWORD, RentalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(store_manager):
    client = Client()
    client.post("/admin/login/", {"username": store_manager.email, "password": PASSWORD})
    return client


def test_rental_list_shows_rentals_newest_first(admin_client):
    first, second = RentalFactory(), RentalFactory()
    response = admin_client.get("/admin/rentals/rental/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(f">{second.id}<") < page.index(f">{first.id}<")


def test_rental_list_counts_over_a_bounded_subquery_only(admin_client):
    RentalFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        admin_client.get("/admin/rentals/rental/")
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    rental_counts = [sql for sql in counts if '"rental"' in sql]
    assert rental_counts
    assert all("LIMIT" in sql.upper() for sql in rental_counts)


def test_paginator_caps_the_count(monkeypatch):
    RentalFactory.create_batch(3)
    monkeypatch.setattr(CappedCountPaginator, "CAP", 2)
    assert CappedCountPaginator(Rental.objects.order_by("id"), 100).count == 2


def test_rentals_are_read_only(admin_client):
    rental = RentalFactory()
    assert admin_client.get("/admin/rentals/rental/add/").status_code == 403
    response = admin_client.post(f"/admin/rentals/rental/{rental.id}/change/", {})
    assert response.status_code == 403
    delete = admin_client.post(f"/admin/rentals/rental/{rental.id}/delete/", {"post": "yes"})
    assert delete.status_code == 403
