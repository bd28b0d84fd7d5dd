"""The `limit` rule of most_rented_movies, sales_by_store and sales_by_city; roles of all
four stats lists."""

import pytest

from tests.factories import RentalFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db

LIMITED = [
    "/api/stats/most_rented_movies",
    "/api/stats/sales_by_store",
    "/api/stats/sales_by_city",
]
ALL = [*LIMITED, "/api/stats/sales_by_month"]


@pytest.mark.parametrize("route", ALL)
def test_anonymous_is_401(anon_client, route):
    response = anon_client.get(f"{route}?limit=5")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("route", ALL)
def test_customer_is_403(customer_client, route):
    response = customer_client.get(f"{route}?limit=5")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


@pytest.mark.parametrize("route", ALL)
@pytest.mark.parametrize("role", ["staff_client", "manager_client"])
def test_staff_and_managers_are_admitted(request, role, route):
    assert request.getfixturevalue(role).get(f"{route}?limit=5").status_code == 200


def test_limit_is_checked_after_authentication(anon_client):
    response = anon_client.get("/api/stats/most_rented_movies")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("route", LIMITED)
@pytest.mark.parametrize("query", ["", "?limit=", "?other=1"])
def test_missing_limit_is_400(manager_client, route, query):
    response = manager_client.get(f"{route}{query}")
    assert response.status_code == 400
    assert response.json() == error("Limit is required")


@pytest.mark.parametrize("route", LIMITED)
@pytest.mark.parametrize("raw", ["ten", "-1", "1x", "NaN", "Infinity"])
def test_non_numeric_or_negative_limit_is_400_quoting_it(manager_client, route, raw):
    response = manager_client.get(f"{route}?limit={raw}")
    assert response.status_code == 400
    assert response.json() == error(f"Invalid limit - {raw}")


@pytest.mark.parametrize("route", LIMITED)
def test_repeated_limit_is_400_quoting_the_values(manager_client, route):
    response = manager_client.get(f"{route}?limit=1&limit=2")
    assert response.status_code == 400
    assert response.json() == error("Invalid limit - 1,2")


@pytest.mark.parametrize("route", LIMITED)
@pytest.mark.parametrize("raw", ["501", "500.6", "1e4"])
def test_limit_above_500_is_400(manager_client, route, raw):
    response = manager_client.get(f"{route}?limit={raw}")
    assert response.status_code == 400
    assert response.json() == error("The maximum allowed limit is 500")


@pytest.mark.parametrize("route", LIMITED)
def test_limit_500_is_accepted(manager_client, route):
    RentalFactory()
    response = manager_client.get(f"{route}?limit=500")
    assert (response.status_code, response.json()["length"]) == (200, 1)


@pytest.mark.parametrize("route", LIMITED)
def test_limit_zero_gives_an_empty_list(manager_client, route):
    RentalFactory()
    assert manager_client.get(f"{route}?limit=0").json() == {"items": [], "length": 0}


@pytest.mark.parametrize("raw, expected", [("1.4", 1), ("1.5", 2), ("2.5", 3)])
def test_fractional_limit_is_rounded(manager_client, raw, expected):
    RentalFactory.create_batch(4)
    body = manager_client.get(f"/api/stats/most_rented_movies?limit={raw}").json()
    assert body["length"] == expected


def test_sales_by_month_ignores_limit(manager_client):
    RentalFactory()
    response = manager_client.get("/api/stats/sales_by_month?limit=abc")
    assert response.status_code == 200
    assert response.json() == manager_client.get("/api/stats/sales_by_month").json()
