"""The admin in Chromium: a store manager and a superuser sign in with the Email form, look
at the dashboard and two change lists, and the pages are saved as screenshots in
tests/e2e/output/ (git-ignored; E2E_OUTPUT chooses another folder)."""

import datetime
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.factories import (
    PASSWORD,
    CustomerFactory,
    InventoryFactory,
    MovieFactory,
    RentalFactory,
    make_store_manager,
)

pytestmark = pytest.mark.django_db(transaction=True)

OUTPUT = Path(os.environ.get("E2E_OUTPUT", Path(__file__).parent / "output"))
ROOT_PASSWORD = "Root-pass-123"


@pytest.fixture
def shop():
    """A managed store with a year of rentals (some today, some overdue) and a second store."""
    manager = make_store_manager(first_name="Mia", last_name="Manager")
    other = make_store_manager(first_name="Oscar", last_name="Other")
    titles = ["Night Train", "The Last Reel", "Paper Moons", "Blue Harbour", "Quiet Fields"]
    movies = [MovieFactory(title=title) for title in titles]
    rows = [
        InventoryFactory(store=manager.store, movie=movie, stock_count=count)
        for movie, count in zip(movies, [4, 1, 0, 6, 2], strict=True)
    ]
    other_row = InventoryFactory(store=other.store, movie=movies[0], stock_count=3)
    customers = [CustomerFactory(preferred_store=manager.store) for _ in range(4)]
    now = timezone.now()
    for days_ago in range(0, 360, 4):
        start = now - datetime.timedelta(days=days_ago, hours=days_ago % 7)
        row = rows[days_ago % 5 if days_ago % 3 else 0]
        returned = None if days_ago < 12 else start + datetime.timedelta(days=2)
        for copy in range(1 + days_ago % 3):
            RentalFactory(
                inventory=row,
                customer=customers[(days_ago + copy) % 4],
                rental_start_date=start,
                payment_date=start,
                rental_end_date=start + datetime.timedelta(days=3),
                return_date=returned,
                amount_paid=f"{3 + days_ago % 5}.99",
                rental_type="online" if copy else "in-store",
            )
    RentalFactory(
        inventory=other_row,
        rental_start_date=now,
        payment_date=now,
        rental_end_date=now + datetime.timedelta(days=3),
    )
    return manager, other


def sign_in(browser, base: str, login: str, password: str):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    assert page.inner_text("label[for=id_username]") == "Email:"
    page.fill("#id_username", login)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return context, page


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """The page (a change list: its first screen) as OUTPUT/<name>.png."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    print(f"screenshot: {path}")
    return path


def test_manager_sees_their_store_dashboard_and_lists(browser, api_base, shop):
    manager, other = shop
    context, page = sign_in(browser, api_base, manager.email, PASSWORD)
    assert page.locator("#panel-revenue svg[aria-label='Revenue by month']").count() == 1
    assert page.inner_text("#panel-top tbody tr:first-child td:nth-child(2)") == "Night Train"
    assert "Store" in page.inner_text(".dash-controls")
    screenshot(page, "manager-dashboard")

    page.goto(f"{api_base}/admin/rentals/rental/")
    stores = set(page.locator("#result_list td.field-store_number").all_inner_texts())
    assert stores == {str(manager.store_id)}
    screenshot(page, "manager-rentals", full_page=False)

    page.goto(f"{api_base}/admin/stores/inventory/?stock=low")
    assert page.locator("#result_list tbody tr").count() == 2
    screenshot(page, "manager-inventory-low-stock", full_page=False)
    context.close()


def test_superuser_sees_all_stores_and_picks_one(browser, api_base, shop):
    manager, other = shop
    get_user_model().objects.create_superuser("root", "root@example.com", ROOT_PASSWORD)
    context, page = sign_in(browser, api_base, "root", ROOT_PASSWORD)
    options = page.locator("#dashboard-store option").all_inner_texts()
    assert options == ["All stores", str(manager.store), str(other.store)]
    screenshot(page, "superuser-dashboard")

    page.select_option("#dashboard-store", str(other.store_id))
    page.click(".dash-controls input[type=submit]")
    page.wait_for_url(f"**/admin/?store={other.store_id}**")
    assert page.inner_text("#panel-today .figure").startswith("1 ")
    screenshot(page, "superuser-dashboard-one-store")

    page.goto(f"{api_base}/admin/rentals/rental/?status=open")
    stores = set(page.locator("#result_list td.field-store_number").all_inner_texts())
    assert stores == {str(manager.store_id), str(other.store_id)}
    screenshot(page, "superuser-rentals-open", full_page=False)

    page.goto(f"{api_base}/admin/people/customer/")
    screenshot(page, "superuser-customers", full_page=False)
    context.close()
