"""Paths with ids under a sandbox prefix resolve as in the main world: the prefix is cut from
the path before URL resolution (reelfake/routing.py, docs/performance.md "URL resolution of
paths with ids")."""

import pytest
from rest_framework.test import APIClient

from tests.sandboxes.conftest import prefix

pytestmark = pytest.mark.django_db


def test_a_movie_under_the_prefix_is_found_by_its_id(sandbox):
    movie = APIClient().get(f"{prefix(sandbox)}/api/movies").json()["items"][0]
    response = APIClient().get(f"{prefix(sandbox)}/api/movies/{movie['id']}/")
    assert response.status_code == 200
    assert response.json()["id"] == movie["id"]


def test_a_letter_id_under_the_prefix_is_the_contract_400(sandbox):
    response = APIClient().get(f"{prefix(sandbox)}/api/movies/abc")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Invalid movie id. Movie id must be a non-zero positive number.",
    }


def test_an_unknown_path_with_an_id_under_the_prefix_is_the_contract_404(sandbox):
    response = APIClient().get(f"{prefix(sandbox)}/api/movies/1/nope")
    assert response.status_code == 404
    assert response.json()["message"] == f"Route {prefix(sandbox)}/api/movies/1/nope does not exist"
