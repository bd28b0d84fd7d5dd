"""The store, inventory, rental, cart, wishlist and stats routes are in the OpenAPI schema."""

import pytest
import yaml
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

ROUTES = {
    "/api/stores": {"get", "post"},
    "/api/stores/{id}": {"get", "put", "delete"},
    "/api/stores/{id}/stock": {"get"},
    "/api/stores/{id}/movies": {"get"},
    "/api/stores/{id}/staff": {"get"},
    "/api/movies/{id}/stores": {"get"},
    "/api/inventory": {"post"},
    "/api/inventory/{id}": {"put", "delete"},
    "/api/rentals": {"get"},
    "/api/rentals/my_store": {"get"},
    "/api/rentals/checkout": {"post"},
    "/api/rentals/{id}": {"get"},
    "/api/rentals/{id}/return": {"patch"},
    "/api/customers/my_rentals": {"get"},
    "/api/cart": {"get", "post"},
    "/api/cart/{id}": {"put", "delete"},
    "/api/cart/{id}/move_to_wishlist": {"post"},
    "/api/wishlist": {"get", "post"},
    "/api/wishlist/{id}": {"delete"},
    "/api/wishlist/{id}/move_to_cart": {"post"},
    "/api/stats": {"get"},
    "/api/stats/most_rented_movies": {"get"},
    "/api/stats/sales_by_store": {"get"},
    "/api/stats/sales_by_city": {"get"},
    "/api/stats/sales_by_month": {"get"},
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return yaml.safe_load(APIClient().get("/openapi").content)


@pytest.mark.parametrize("route, methods", ROUTES.items())
def test_route_is_documented_with_its_methods(schema, route, methods):
    assert set(schema["paths"][route]) & {"get", "post", "put", "patch", "delete"} == methods


def test_stats_limit_is_a_required_query_parameter(schema):
    parameters = schema["paths"]["/api/stats/sales_by_store"]["get"]["parameters"]
    limit = next(parameter for parameter in parameters if parameter["name"] == "limit")
    assert (limit["in"], limit["required"]) == ("query", True)


def test_checkout_documents_its_conflict(schema):
    assert "409" in schema["paths"]["/api/rentals/checkout"]["post"]["responses"]


def response_schema(schema, route, method, status="200"):
    return schema["paths"][route][method]["responses"][status]["content"]["application/json"]


@pytest.mark.parametrize(
    "route, body",
    [("/api/stores", "StoreList"), ("/api/movies/{id}/stores", "MovieStoreList")],
)
def test_an_unpaginated_list_is_documented_as_one_items_envelope(schema, route, body):
    assert response_schema(schema, route, "get") == {
        "schema": {"$ref": f"#/components/schemas/{body}"}
    }


def test_the_stores_of_a_movie_keep_their_operation_id(schema):
    operation = schema["paths"]["/api/movies/{id}/stores"]["get"]
    assert operation["operationId"] == "api_movies_stores_retrieve"


def test_the_movies_of_a_store_are_documented_as_a_page(schema):
    assert response_schema(schema, "/api/stores/{id}/movies", "get") == {
        "schema": {"$ref": "#/components/schemas/PaginatedStoreMovieList"}
    }
