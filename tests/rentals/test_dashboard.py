"""The admin home (rentals/dashboard.py): the manager's store at a glance, numbers checked
against known rentals. `?day=2024-03-15` fixes the window: the 24 months Apr 2022 - Mar 2024,
the quarter Q1 2024, and "today" = 15 March 2024."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.admin_clients import manager_admin_client, superuser_admin_client
from tests.factories import InventoryFactory, MovieFactory, RentalFactory, make_store_manager

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
DAY = {"day": "2024-03-15"}


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=UTC)


def rent(row, start, *, amount="9.99", returned=None, days=3):
    return RentalFactory(
        inventory=row,
        rental_start_date=start,
        payment_date=start,
        rental_end_date=start + datetime.timedelta(days=days),
        return_date=returned,
        amount_paid=amount,
    )


@pytest.fixture
def manager(db):
    return make_store_manager()


@pytest.fixture
def world(manager):
    """Store A (the manager's) and store B, with rentals whose totals the tests know."""
    hit, other = MovieFactory(title="Hit"), MovieFactory(title="Other")
    a_hit = InventoryFactory(store=manager.store, movie=hit, stock_count=5)
    a_other = InventoryFactory(store=manager.store, movie=other, stock_count=1)
    b_hit = InventoryFactory(movie=hit, stock_count=0)
    rentals = {
        "jan_1": rent(a_hit, at(2024, 1, 5), returned=at(2024, 1, 6)),
        "jan_2": rent(a_hit, at(2024, 1, 20), returned=at(2024, 1, 21)),
        "mar_today": rent(a_other, at(2024, 3, 15, 9), amount="5.00"),
        "mar_overdue": rent(a_hit, at(2024, 3, 1), amount="4.00"),
        "too_old": rent(a_hit, at(2022, 3, 31), returned=at(2022, 4, 1)),
        "b_jan": rent(b_hit, at(2024, 1, 7), amount="7.00", returned=at(2024, 1, 8)),
    }
    return {"store_a": manager.store, "store_b": b_hit.store, "rentals": rentals}


def dashboard(client, **params):
    response = client.get("/admin/", {**DAY, **params})
    assert response.status_code == 200
    return response.context["dashboard"]


def month(board, year, month_number):
    (row,) = [m for m in board["months"] if m["month"] == datetime.date(year, month_number, 1)]
    return row["rentals"], row["revenue"]


def test_months_cover_the_24_months_up_to_the_day(manager, world):
    board = dashboard(manager_admin_client(manager))
    months = [m["month"] for m in board["months"]]
    assert (len(months), months[0], months[-1]) == (
        24,
        datetime.date(2022, 4, 1),
        datetime.date(2024, 3, 1),
    )


def test_month_totals_count_only_the_managers_store(manager, world):
    board = dashboard(manager_admin_client(manager))
    assert month(board, 2024, 1) == (2, "19.98")
    assert month(board, 2024, 2) == (0, "0.00")
    assert month(board, 2024, 3) == (2, "9.00")


def test_window_totals_leave_out_older_rentals(manager, world):
    board = dashboard(manager_admin_client(manager))
    assert (board["rentals_total"], board["revenue_total"]) == (4, "28.98")


def test_top_movies_rank_the_quarters_rentals(manager, world):
    board = dashboard(manager_admin_client(manager))
    top = [(row["title"], row["rentals"], row["revenue"]) for row in board["top"]]
    assert top == [("Hit", 3, "23.98"), ("Other", 1, "5.00")]


def test_overdue_lists_open_rentals_past_their_end(manager, world):
    board = dashboard(manager_admin_client(manager))
    assert board["overdue_count"] == 1
    assert [r.id for r in board["overdue"]] == [world["rentals"]["mar_overdue"].id]


def test_low_stock_lists_the_stores_rows_with_at_most_one_copy(manager, world):
    board = dashboard(manager_admin_client(manager))
    assert board["low_stock_count"] == 1
    assert [row.movie.title for row in board["low_stock"]] == ["Other"]


def test_the_days_rentals_are_counted_and_listed(manager, world):
    board = dashboard(manager_admin_client(manager))
    assert (board["today_count"], board["today_revenue"]) == (1, "5.00")
    assert [r.id for r in board["today"]] == [world["rentals"]["mar_today"].id]


def test_manager_gets_no_store_picker(manager, world):
    board = dashboard(manager_admin_client(manager), store=world["store_b"].id)
    assert board["stores"] == []
    assert board["store_id"] == world["store_a"].id
    assert month(board, 2024, 1) == (2, "19.98")


def test_superuser_sees_all_stores_by_default(world):
    board = dashboard(superuser_admin_client())
    assert board["store_id"] is None
    assert month(board, 2024, 1) == (3, "26.98")
    assert board["low_stock_count"] == 2


def test_superuser_picks_a_store(world):
    board = dashboard(superuser_admin_client(), store=world["store_b"].id)
    assert board["store_id"] == world["store_b"].id
    assert month(board, 2024, 1) == (1, "7.00")
    assert [row["title"] for row in board["top"]] == ["Hit"]


def test_an_unknown_store_shows_all_stores(world):
    board = dashboard(superuser_admin_client(), store="x")
    assert board["store_id"] is None


def test_a_day_that_is_not_a_date_shows_today(manager, world):
    response = manager_admin_client(manager).get("/admin/", {"day": "2024-02-30"})
    assert response.status_code == 200
    assert response.context["dashboard"]["is_today"]


def test_charts_are_inline_svg_with_the_numbers_beside_them(manager, world):
    page = manager_admin_client(manager).get("/admin/", DAY).content.decode()
    assert '<svg role="img" aria-label="Revenue by month"' in page
    assert '<svg role="img" aria-label="Rentals by month"' in page
    assert "<title>Jan 24: 19.98</title>" in page
    assert '<td>Jan 2024</td><td class="num">2</td><td class="num">19.98</td>' in page
    assert "<script" not in page.split('<div id="content-main">')[1]


def test_revenue_sums_are_exact_decimals(manager, world):
    RentalFactory.create_batch(
        3,
        inventory=world["rentals"]["jan_1"].inventory,
        payment_date=at(2024, 2, 2),
        amount_paid=Decimal("0.10"),
    )
    board = dashboard(manager_admin_client(manager))
    assert month(board, 2024, 2) == (3, "0.30")


def test_a_day_after_today_shows_today(manager, world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = manager_admin_client(manager).get("/admin/", {"day": tomorrow.isoformat()})
    assert response.status_code == 200
    assert response.context["dashboard"]["day"] == timezone.localdate()
