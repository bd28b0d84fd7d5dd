"""The shared paginator (docs/decisions.md): envelope, links, offsets, errors.

Exercised through a probe list of countries (tests/urls.py) whose only filter is `name`."""

import pytest

from places.models import Country
from tests.factories import CountryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]

URL = "/api/_probe/countries"


@pytest.fixture
def countries():
    return CountryFactory.create_batch(120)


def ids(response):
    return [item["id"] for item in response.json()["items"]]


def test_first_page_has_envelope_and_bare_links(anon_client, countries):
    response = anon_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["length"] == 50
    assert body["pagination"] == {
        "pageNumber": 1,
        "totalPages": 3,
        "totalItems": 120,
        "itemsPerPage": 50,
        "next": "?page=2",
        "prev": None,
        "first": "?page=first",
        "last": "?page=last",
    }


def test_pages_are_offsets_in_ascending_id_order(anon_client, countries):
    all_ids = sorted(c.id for c in countries)
    assert ids(anon_client.get(URL, {"page": 2})) == all_ids[50:100]


def test_last_page_is_the_real_last_page_in_ascending_order(anon_client, countries):
    response = anon_client.get(URL, {"page": "last"})
    body = response.json()
    assert ids(response) == sorted(c.id for c in countries)[100:]
    assert body["pagination"]["pageNumber"] == 3
    assert body["pagination"]["next"] is None
    assert body["pagination"]["prev"] == "?page=2"


def test_first_literal_is_page_one(anon_client, countries):
    body = anon_client.get(URL, {"page": "first"}).json()
    assert body["pagination"]["pageNumber"] == 1
    assert body["pagination"]["prev"] is None


def test_exact_multiple_of_page_size_has_full_last_page(anon_client):
    CountryFactory.create_batch(100)
    body = anon_client.get(URL, {"page": "last"}).json()
    assert body["length"] == 50
    assert body["pagination"]["totalPages"] == 2


def test_single_page_last_has_no_prev(anon_client):
    CountryFactory.create_batch(3)
    body = anon_client.get(URL, {"page": "last"}).json()
    assert body["pagination"]["prev"] is None
    assert body["pagination"]["next"] is None


def test_no_row_repeated_or_missing_after_a_delete(anon_client, countries):
    Country.objects.filter(id=sorted(c.id for c in countries)[10]).delete()
    seen = ids(anon_client.get(URL, {"page": 1})) + ids(anon_client.get(URL, {"page": 2}))
    seen += ids(anon_client.get(URL, {"page": 3}))
    assert seen == list(Country.objects.order_by("id").values_list("id", flat=True))


@pytest.mark.parametrize(
    "page",
    [
        "0",
        "-1",
        "",
        "abc",
        "1.5",
        "First",
        "LAST",
        "1e1",
        pytest.param("9" * 5000, id="5000-digits"),
    ],
)
def test_invalid_page_answers_400(anon_client, countries, page):
    response = anon_client.get(URL, {"page": page})
    assert response.status_code == 400
    assert response.json() == {"status": "error", "message": "Invalid page number"}


def test_repeated_page_answers_400(anon_client, countries):
    response = anon_client.get(f"{URL}?page=1&page=2")
    assert response.status_code == 400
    assert response.json()["message"] == "Invalid page number"


def test_page_past_the_end_answers_404(anon_client, countries):
    response = anon_client.get(URL, {"page": 4})
    assert response.status_code == 404
    assert response.json() == {"status": "error", "message": "Page out of range"}


def test_no_match_answers_404(anon_client, countries):
    response = anon_client.get(URL, {"name": "no such country"})
    assert response.status_code == 404
    assert response.json() == {"status": "error", "message": "No data found with the given query"}


def test_links_carry_parameters_when_a_filter_is_active(anon_client, countries):
    response = anon_client.get(f"{URL}?name=country&page=2&delay=0&x=")
    pagination = response.json()["pagination"]
    assert pagination["next"] == "?page=3&name=country&delay=0"
    assert pagination["prev"] == "?page=1&name=country&delay=0"
    assert pagination["first"] == "?page=first&name=country&delay=0"
    assert pagination["last"] == "?page=last&name=country&delay=0"


def test_link_values_are_not_url_encoded(anon_client, countries):
    response = anon_client.get(f"{URL}?name=ountry&tag=%25a%20b")
    assert response.json()["pagination"]["next"] == "?page=2&name=ountry&tag=%a b"


def test_links_stay_bare_without_an_active_filter(anon_client, countries):
    response = anon_client.get(f"{URL}?delay=0&other=1&name=")
    assert response.json()["pagination"]["next"] == "?page=2"
