"""The reference lists are generic list views whose items are their serializer's
(reelfake.generics.ReferenceListView, docs/performance.md "Reference lists")."""

import pytest

from movies.models import Genre, MovieLanguage
from movies.serializers import GenreSerializer, MovieLanguageSerializer
from places.models import City, Country
from places.serializers import CitySerializer, CityWithCountrySerializer, CountrySerializer
from tests.factories import CityFactory, GenreFactory, MovieLanguageFactory

pytestmark = pytest.mark.django_db

ROUTES = [
    ("/api/genres", Genre, GenreSerializer),
    ("/api/movie_languages", MovieLanguage, MovieLanguageSerializer),
    ("/api/countries", Country, CountrySerializer),
    ("/api/cities", City, CitySerializer),
    ("/api/cities?includeCountry=true", City, CityWithCountrySerializer),
    ("/api/cities?includeCountry=yes", City, CityWithCountrySerializer),
]


@pytest.mark.parametrize(("url", "model", "serializer"), ROUTES)
def test_a_reference_list_answers_its_serializers_items_in_id_order(
    anon_client, url, model, serializer
):
    CityFactory.create_batch(3)
    GenreFactory.create_batch(2)
    MovieLanguageFactory.create_batch(2)
    rows = model.objects.order_by("id")
    assert rows.exists()
    response = anon_client.get(url)
    expected = serializer(rows, many=True).data
    assert response.status_code == 200
    assert response.json() == {"items": expected, "length": len(expected)}


@pytest.mark.parametrize("url", ["/api/genres?page=2", "/api/countries?page=x"])
def test_a_reference_list_ignores_page(anon_client, url):
    assert anon_client.get(url).json() == anon_client.get(url.split("?")[0]).json()
