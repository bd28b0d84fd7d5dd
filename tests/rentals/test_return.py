"""PATCH /api/rentals/{id}/return."""

import datetime

import pytest
from django.utils import timezone

from rentals.models import Rental
from rentals.services import delay_in_days
from stores.models import Inventory
from tests.factories import InventoryFactory, RentalFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def rental(store):
    start = timezone.now() - datetime.timedelta(days=1)
    return RentalFactory(
        inventory=InventoryFactory(store=store, stock_count=2),
        rental_start_date=start,
        rental_end_date=start + datetime.timedelta(days=3),
        payment_date=start,
    )


def give_back(client, rental):
    return client.patch(f"/api/rentals/{rental.id}/return")


def stock_of(rental):
    return Inventory.objects.get(id=rental.inventory_id).stock_count


def test_anonymous_is_401(anon_client, rental):
    response = give_back(anon_client, rental)
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_customer_is_403(customer_client, rental):
    response = give_back(customer_client, rental)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


@pytest.mark.parametrize("role", ["manager_client", "store_staff_client"])
def test_staff_of_the_store_return_on_time(request, role, rental):
    before = timezone.now()
    response = give_back(request.getfixturevalue(role), rental)
    assert response.status_code == 200
    rental.refresh_from_db()
    assert rental.return_date >= before
    assert rental.delayed_by_days is None
    assert stock_of(rental) == 3
    body = response.json()
    assert body["id"] == rental.id
    assert body["delayedByDays"] is None
    assert body["returnDate"].endswith("Z")
    assert body["inventory"]["stock"] == 3


def test_late_return_counts_every_started_day(manager_client, store):
    start = timezone.now() - datetime.timedelta(days=5, hours=3)
    rental = RentalFactory(
        inventory=InventoryFactory(store=store),
        rental_start_date=start,
        rental_end_date=start + datetime.timedelta(days=3),
        payment_date=start,
    )
    body = give_back(manager_client, rental).json()
    assert body["delayedByDays"] == 3
    assert Rental.objects.get(id=rental.id).delayed_by_days == 3


@pytest.mark.parametrize(
    "late, days",
    [
        (datetime.timedelta(0), None),
        (datetime.timedelta(seconds=-1), None),
        (datetime.timedelta(seconds=1), 1),
        (datetime.timedelta(days=1), 1),
        (datetime.timedelta(days=1, seconds=1), 2),
    ],
)
def test_delay_is_whole_days_rounded_up(late, days):
    end = datetime.datetime(2024, 1, 13, 10, tzinfo=datetime.UTC)
    assert delay_in_days(end, end + late) == days


def test_second_return_is_400_and_stock_is_not_added_twice(manager_client, rental):
    give_back(manager_client, rental)
    response = give_back(manager_client, rental)
    assert response.status_code == 400
    assert response.json() == error("Rental is already returned")
    assert stock_of(rental) == 3


@pytest.mark.parametrize("role", ["other_manager_client", "other_staff_client"])
def test_another_stores_staff_and_manager_are_403(request, role, rental):
    response = give_back(request.getfixturevalue(role), rental)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    rental.refresh_from_db()
    assert rental.return_date is None
    assert stock_of(rental) == 2


def test_unknown_rental_is_404(manager_client):
    response = manager_client.patch("/api/rentals/123456/return")
    assert response.status_code == 404
    assert response.json() == error("No rentals found")


def test_non_numeric_id_is_400(manager_client):
    response = manager_client.patch("/api/rentals/abc/return")
    assert response.status_code == 400
    assert response.json() == error("Invalid id")


def test_a_return_leaves_the_sales_stats_unchanged(manager_client, rental, store):
    before = manager_client.get("/api/stats/sales_by_store?limit=5").json()
    give_back(manager_client, rental)
    assert manager_client.get("/api/stats/sales_by_store?limit=5").json() == before
