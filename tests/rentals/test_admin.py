"""The rental admin: scoped to the manager's store, counts that are exact or marked as a
lower bound, filters, search, and "Mark returned" through rentals.services."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reelfake.admin_filters import CountedPaginator
from rentals.models import Rental
from stores.models import Inventory
from tests.admin_clients import manager_admin_client, superuser_admin_client
from tests.factories import (
    CustomerFactory,
    InventoryFactory,
    RentalFactory,
    make_store_manager,
)

pytestmark = pytest.mark.django_db

URL = "/admin/rentals/rental/"
UTC = datetime.UTC


@pytest.fixture
def manager(db):
    return make_store_manager()


@pytest.fixture
def client(manager):
    return manager_admin_client(manager)


@pytest.fixture
def own_row(manager):
    return InventoryFactory(store=manager.store, stock_count=2)


@pytest.fixture
def other_row(db):
    return InventoryFactory()


def ids_listed(response) -> list[int]:
    return [row.id for row in response.context["cl"].result_list]


def test_manager_lists_only_their_stores_rentals(client, own_row, other_row):
    mine = RentalFactory(inventory=own_row)
    RentalFactory(inventory=other_row)
    response = client.get(URL)
    assert response.status_code == 200
    assert ids_listed(response) == [mine.id]


def test_manager_cannot_open_another_stores_rental(client, other_row):
    theirs = RentalFactory(inventory=other_row)
    response = client.get(f"{URL}{theirs.id}/change/")
    assert response.status_code == 403


def test_manager_opens_their_own_rental(client, own_row):
    mine = RentalFactory(inventory=own_row)
    assert client.get(f"{URL}{mine.id}/change/").status_code == 200


def test_manager_cannot_read_another_stores_rental_history(client, other_row):
    theirs = RentalFactory(inventory=other_row)
    assert client.get(f"{URL}{theirs.id}/history/").status_code == 403


def test_superuser_lists_every_stores_rentals(own_row, other_row):
    rentals = [RentalFactory(inventory=own_row), RentalFactory(inventory=other_row)]
    response = superuser_admin_client().get(URL)
    assert sorted(ids_listed(response)) == sorted(r.id for r in rentals)


def test_superuser_picks_one_store(own_row, other_row):
    mine = RentalFactory(inventory=own_row)
    RentalFactory(inventory=other_row)
    response = superuser_admin_client().get(URL, {"store": own_row.store_id})
    assert ids_listed(response) == [mine.id]


def test_list_shows_rentals_newest_first(client, own_row):
    older = RentalFactory(inventory=own_row)
    newer = RentalFactory(
        inventory=own_row,
        rental_start_date=datetime.datetime(2024, 2, 1, tzinfo=UTC),
        rental_end_date=datetime.datetime(2024, 2, 4, tzinfo=UTC),
    )
    assert ids_listed(client.get(URL)) == [newer.id, older.id]


def test_unfiltered_count_is_the_exact_trigger_kept_total(client, own_row):
    RentalFactory.create_batch(3, inventory=own_row)
    response = client.get(URL)
    assert response.context["cl"].result_count == 3
    assert b"3 rentals" in response.content


def test_unfiltered_list_never_counts_rental_rows(client, own_row):
    RentalFactory.create_batch(3, inventory=own_row)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if 'FROM "rental"' in sql]


def test_filtered_count_is_exact_below_the_cap(client, own_row):
    RentalFactory.create_batch(2, inventory=own_row, rental_type="online")
    RentalFactory(inventory=own_row)
    response = client.get(URL, {"rental_type__exact": "online"})
    assert response.context["cl"].result_count == 2
    assert b"2 results" in response.content


def test_count_beyond_the_cap_is_shown_as_a_lower_bound(client, own_row, monkeypatch):
    monkeypatch.setattr(CountedPaginator, "CAP", 2)
    RentalFactory.create_batch(3, inventory=own_row, rental_type="online")
    response = client.get(URL, {"rental_type__exact": "online"})
    page = response.content.decode()
    assert "more than 2 results" in page
    assert "more than 2</span> rentals" in page


def test_paginator_counts_up_to_the_cap_only(monkeypatch, own_row):
    monkeypatch.setattr(CountedPaginator, "CAP", 2)
    RentalFactory.create_batch(3, inventory=own_row)
    paginator = CountedPaginator(Rental.objects.order_by("id"), 100)
    assert (paginator.count, paginator.count_is_lower_bound) == (2, True)


def test_date_range_filter_keeps_both_days(client, own_row):
    def rental_on(day):
        start = datetime.datetime(2024, 3, day, 12, tzinfo=UTC)
        return RentalFactory(
            inventory=own_row,
            rental_start_date=start,
            rental_end_date=start + datetime.timedelta(days=3),
        )

    _, second, third, _ = rental_on(1), rental_on(2), rental_on(3), rental_on(4)
    response = client.get(
        URL, {"rental_start_date__from": "2024-03-02", "rental_start_date__to": "2024-03-03"}
    )
    assert ids_listed(response) == [third.id, second.id]


def test_a_date_that_is_not_a_date_is_ignored(client, own_row):
    rental = RentalFactory(inventory=own_row)
    response = client.get(URL, {"rental_start_date__from": "2024-02-30"})
    assert response.status_code == 200
    assert ids_listed(response) == [rental.id]


def test_status_filter_separates_open_overdue_and_returned(client, own_row):
    now = datetime.datetime.now(UTC)
    returned = RentalFactory(inventory=own_row, return_date=now)
    overdue = RentalFactory(inventory=own_row)  # ended 2024-01-13, not returned
    open_not_due = RentalFactory(
        inventory=own_row,
        rental_start_date=now,
        rental_end_date=now + datetime.timedelta(days=3),
    )
    assert ids_listed(client.get(URL, {"status": "returned"})) == [returned.id]
    assert ids_listed(client.get(URL, {"status": "overdue"})) == [overdue.id]
    assert sorted(ids_listed(client.get(URL, {"status": "open"}))) == sorted(
        [overdue.id, open_not_due.id]
    )


def test_search_by_customer_email_finds_their_rentals(client, own_row):
    customer = CustomerFactory(email="Finder@Example.com")
    theirs = RentalFactory(inventory=own_row, customer=customer)
    RentalFactory(inventory=own_row)
    assert ids_listed(client.get(URL, {"q": "finder@example.com"})) == [theirs.id]


def test_search_by_number_matches_rental_customer_or_inventory_id(client, own_row):
    rental = RentalFactory(inventory=own_row)
    assert ids_listed(client.get(URL, {"q": str(rental.id)})) == [rental.id]
    assert ids_listed(client.get(URL, {"q": str(rental.customer_id)})) == [rental.id]


def test_search_with_a_huge_number_finds_nothing_instead_of_failing(client, own_row):
    RentalFactory(inventory=own_row)
    response = client.get(URL, {"q": "99999999999999999999"})
    assert response.status_code == 200
    assert ids_listed(response) == []


def test_mark_returned_returns_the_rental_and_restocks(client, own_row):
    rental = RentalFactory(inventory=own_row)
    response = client.post(
        URL, {"action": "mark_returned", "_selected_action": [rental.id]}, follow=True
    )
    rental.refresh_from_db()
    assert rental.return_date is not None
    assert rental.delayed_by_days > 0  # due 2024-01-13
    assert Inventory.objects.get(id=own_row.id).stock_count == 3
    assert "1 rental marked returned." in response.content.decode()


def test_mark_returned_on_a_returned_rental_shows_the_service_error(client, own_row):
    returned_on = datetime.datetime(2024, 1, 12, tzinfo=UTC)
    rental = RentalFactory(inventory=own_row, return_date=returned_on)
    response = client.post(
        URL, {"action": "mark_returned", "_selected_action": [rental.id]}, follow=True
    )
    assert f"Rental {rental.id}: Rental is already returned" in response.content.decode()
    rental.refresh_from_db()
    assert rental.return_date == returned_on
    assert Inventory.objects.get(id=own_row.id).stock_count == 2


def test_mark_returned_ignores_another_stores_rental(client, other_row):
    theirs = RentalFactory(inventory=other_row)
    client.post(URL, {"action": "mark_returned", "_selected_action": [theirs.id]})
    theirs.refresh_from_db()
    assert theirs.return_date is None


def test_rentals_are_otherwise_read_only(client, own_row):
    rental = RentalFactory(inventory=own_row)
    assert client.get(f"{URL}add/").status_code == 403
    assert client.post(f"{URL}{rental.id}/change/", {}).status_code == 403
    delete = client.post(f"{URL}{rental.id}/delete/", {"post": "yes"})
    assert delete.status_code == 403


def test_a_later_page_lists_the_next_rentals_in_order(client, own_row, monkeypatch):
    from rentals.admin import RentalAdmin

    monkeypatch.setattr(RentalAdmin, "list_per_page", 2)
    rentals = [
        RentalFactory(
            inventory=own_row,
            rental_start_date=datetime.datetime(2024, 1, day, tzinfo=UTC),
            rental_end_date=datetime.datetime(2024, 1, day + 3, tzinfo=UTC),
        )
        for day in (1, 2, 3, 4, 5)
    ]
    response = client.get(URL, {"p": "2"})
    assert ids_listed(response) == [rentals[2].id, rentals[1].id]
