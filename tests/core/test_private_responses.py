"""Answers to callers with credentials are private: `Cache-Control: private, no-store` and
`Vary: Cookie, Authorization`; public GETs keep their ETag (docs/security.md "Caching and
page policies")."""

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD, MovieFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response) -> list[str]:
    return [part.strip() for part in response.get("Vary", "").split(",") if part.strip()]


def test_an_answer_to_the_auth_cookie_is_private_and_never_stored(customer_client):
    response = customer_client.get("/api/auth/me")
    assert response.status_code == 200
    assert directives(response) == {"private", "no-store"}


def test_an_answer_to_the_auth_cookie_varies_on_cookie_and_authorization(customer_client):
    response = customer_client.get("/api/auth/me")
    assert {"Cookie", "Authorization"} <= set(vary(response))


def test_an_answer_to_a_bearer_token_is_private_and_never_stored(anon_client):
    response = anon_client.get("/api/genres", HTTP_AUTHORIZATION="Bearer anything")
    assert directives(response) == {"private", "no-store"}
    assert {"Cookie", "Authorization"} <= set(vary(response))


def test_a_public_route_read_with_credentials_gets_no_etag(customer_client):
    response = customer_client.get("/api/genres")
    assert response.status_code == 200
    assert "ETag" not in response


def test_the_login_answer_that_sets_the_cookie_is_private(customer):
    response = APIClient().post(
        "/api/auth/login", {"email": customer.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert directives(response) == {"private", "no-store"}


def test_existing_vary_values_are_kept(customer_client):
    response = customer_client.get("/api/genres", HTTP_ORIGIN="http://localhost:3000")
    assert vary(response)[0].lower() == "origin"
    assert {"Cookie", "Authorization"} <= set(vary(response))


def test_a_public_get_without_credentials_keeps_its_etag_and_no_cache_control(anon_client):
    response = anon_client.get("/api/genres")
    assert "ETag" in response
    assert "Cache-Control" not in response
    assert "Cookie" not in vary(response)


def test_an_answer_its_view_marked_public_keeps_its_caching_for_a_signed_in_browser(
    customer_client,
):
    movie = MovieFactory()
    response = customer_client.get(f"/api/images/posters/{movie.id}.svg")
    assert response["Cache-Control"] == "public, max-age=86400, stale-while-revalidate=604800"
    assert "ETag" in response
