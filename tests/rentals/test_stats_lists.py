"""The stats lists: shapes, string-typed numbers, order and deterministic tie-breaks."""

import datetime

import pytest

from stores.models import Store
from tests.factories import (
    AddressFactory,
    CityFactory,
    InventoryFactory,
    MovieFactory,
    RentalFactory,
    StoreFactory,
    make_store_manager,
)

pytestmark = pytest.mark.django_db


def rent(inventory, times=1, amount="5.00", paid=None):
    paid = paid or datetime.datetime(2024, 4, 10, 12, tzinfo=datetime.UTC)
    for _ in range(times):
        RentalFactory(inventory=inventory, amount_paid=amount, payment_date=paid)


def test_most_rented_movies_by_rentals_then_movie_id(manager_client):
    heat, alien, jaws = (MovieFactory(title=t) for t in ("Heat", "Alien", "Jaws"))
    rent(InventoryFactory(movie=jaws), 2)
    rent(InventoryFactory(movie=alien), 1)
    rent(InventoryFactory(movie=heat), 2)
    rent(InventoryFactory(movie=heat), 1)  # the same movie at another store
    response = manager_client.get("/api/stats/most_rented_movies?limit=10")
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {"movieId": heat.id, "movieTitle": "Heat", "totalRentals": "3"},
            {"movieId": jaws.id, "movieTitle": "Jaws", "totalRentals": "2"},
            {"movieId": alien.id, "movieTitle": "Alien", "totalRentals": "1"},
        ],
        "length": 3,
    }


def test_most_rented_movies_respects_the_limit(manager_client):
    for _ in range(3):
        rent(InventoryFactory())
    assert manager_client.get("/api/stats/most_rented_movies?limit=2").json()["length"] == 2


def test_sales_by_store_by_revenue_with_the_manager(manager_client):
    managed = make_store_manager(first_name="Mia", last_name="Boss", email="mia@example.com")
    unmanaged = StoreFactory()
    tie = StoreFactory()
    rent(InventoryFactory(store=managed.store), 2, amount="10.25")
    rent(InventoryFactory(store=unmanaged), 1, amount="4.00")
    rent(InventoryFactory(store=tie), 2, amount="2.00")
    body = manager_client.get("/api/stats/sales_by_store?limit=10").json()
    assert body["items"] == [
        {
            "storeId": managed.store_id,
            "firstName": "Mia",
            "lastName": "Boss",
            "email": "mia@example.com",
            "revenue": "20.50",
        },
        {
            "storeId": unmanaged.id,
            "firstName": None,
            "lastName": None,
            "email": None,
            "revenue": "4.00",
        },
        {
            "storeId": tie.id,
            "firstName": None,
            "lastName": None,
            "email": None,
            "revenue": "4.00",
        },
    ]


def test_sales_by_city_counts_rentals_of_the_stores_in_each_city(manager_client, melbourne):
    geelong = CityFactory(city_name="Geelong", state_name="Victoria", country=melbourne.country)
    in_melbourne = [
        StoreFactory(address=AddressFactory(city=melbourne, in_use_by="store")) for _ in range(2)
    ]
    in_geelong = StoreFactory(address=AddressFactory(city=geelong, in_use_by="store"))
    rent(InventoryFactory(store=in_melbourne[0]), 1)
    rent(InventoryFactory(store=in_melbourne[1]), 2)
    rent(InventoryFactory(store=in_geelong), 3)
    body = manager_client.get("/api/stats/sales_by_city?limit=10").json()
    # Equal counts: the lower city id first.
    first, second = sorted([melbourne, geelong], key=lambda city: city.id)
    assert body == {
        "items": [
            {
                "id": first.id,
                "cityName": first.city_name,
                "stateName": "Victoria",
                "totalSales": "3",
            },
            {
                "id": second.id,
                "cityName": second.city_name,
                "stateName": "Victoria",
                "totalSales": "3",
            },
        ],
        "length": 2,
    }


def test_sales_by_city_follows_a_store_that_moves_city(manager_client, melbourne):
    store = StoreFactory(address=AddressFactory(city=melbourne, in_use_by="store"))
    rent(InventoryFactory(store=store), 2)
    geelong = CityFactory(city_name="Geelong", state_name="Victoria", country=melbourne.country)
    store.address.city = geelong
    store.address.save()
    body = manager_client.get("/api/stats/sales_by_city?limit=10").json()
    assert [item["cityName"] for item in body["items"]] == ["Geelong"]


def test_sales_by_month_in_alphabetical_order_of_the_month_text(manager_client):
    inventory = InventoryFactory()
    for month, times in [(2, 1), (4, 2), (8, 1), (12, 3)]:
        paid = datetime.datetime(2024, month, 28, 23, 30, tzinfo=datetime.UTC)
        rent(inventory, times, amount="1.50", paid=paid)
    rent(inventory, 1, amount="2.00", paid=datetime.datetime(2023, 4, 1, tzinfo=datetime.UTC))
    body = manager_client.get("/api/stats/sales_by_month").json()
    assert body == {
        "items": [
            {"month": "Apr-2023", "totalSales": "1", "revenue": "2.00"},
            {"month": "Apr-2024", "totalSales": "2", "revenue": "3.00"},
            {"month": "Aug-2024", "totalSales": "1", "revenue": "1.50"},
            {"month": "Dec-2024", "totalSales": "3", "revenue": "4.50"},
            {"month": "Feb-2024", "totalSales": "1", "revenue": "1.50"},
        ],
        "length": 5,
    }


def test_months_are_utc(manager_client):
    # 23:30 on 31 March UTC is already April in Melbourne; the month stays March.
    paid = datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC)
    rent(InventoryFactory(), paid=paid)
    items = manager_client.get("/api/stats/sales_by_month").json()["items"]
    assert [item["month"] for item in items] == ["Mar-2024"]


def test_stores_without_rentals_are_not_listed(manager_client, store):
    assert Store.objects.exists()
    assert manager_client.get("/api/stats/sales_by_store?limit=5").json()["items"] == []
