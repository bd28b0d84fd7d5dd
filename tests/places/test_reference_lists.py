"""GET /api/countries and GET /api/cities."""

import pytest

from tests.factories import CityFactory, CountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def australia():
    return CountryFactory(country_name="Australia", iso_country_code="AU")


def test_countries_list_shape(anon_client, australia):
    response = anon_client.get("/api/countries")
    assert response.status_code == 200
    assert response.json() == {
        "items": [{"id": australia.id, "countryName": "Australia", "countryCode": "AU"}],
        "length": 1,
    }


def test_countries_are_ordered_by_id(anon_client):
    created = CountryFactory.create_batch(5)
    items = anon_client.get("/api/countries").json()["items"]
    assert [item["id"] for item in items] == sorted(c.id for c in created)


def test_cities_list_shape(anon_client, australia):
    city = CityFactory(city_name="Melbourne", state_name="Victoria", country=australia)
    response = anon_client.get("/api/cities")
    assert response.json() == {
        "items": [
            {
                "id": city.id,
                "cityName": "Melbourne",
                "stateName": "Victoria",
                "countryId": australia.id,
            }
        ],
        "length": 1,
    }


@pytest.mark.parametrize("value", ["true", "yes"])
def test_cities_include_country_nests_the_country(anon_client, australia, value):
    city = CityFactory(city_name="Hobart", state_name="Tasmania", country=australia)
    response = anon_client.get("/api/cities", {"includeCountry": value})
    assert response.json()["items"] == [
        {
            "id": city.id,
            "cityName": "Hobart",
            "stateName": "Tasmania",
            "country": {"id": australia.id, "countryName": "Australia", "countryCode": "AU"},
        }
    ]


@pytest.mark.parametrize("value", ["1", "TRUE", "no", "", "whatever"])
def test_other_include_country_values_mean_off(anon_client, australia, value):
    CityFactory(country=australia)
    response = anon_client.get("/api/cities", {"includeCountry": value})
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["countryId"] == australia.id
    assert "country" not in item
