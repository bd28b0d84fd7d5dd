"""POST /api/reset: the main world back to the seeded data set, for local test suites."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import LoginFailure
from movies.models import Movie
from tests.factories import MovieFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def local(settings):
    settings.REELFAKE_SANDBOXES = False
    settings.REELFAKE_RESET = True


def test_reset_restores_the_seeded_data_set(local):
    MovieFactory(title="Only here")
    LoginFailure.objects.create(key="email:x@example.com")
    response = APIClient().post("/api/reset")
    assert response.status_code == 200
    assert response.json() == {"message": "Data reset to the seeded data set"}
    assert Movie.objects.count() == 100
    assert not Movie.objects.filter(title="Only here").exists()
    assert not LoginFailure.objects.exists()


def test_counts_after_a_reset_match_the_rows(local):
    APIClient().post("/api/reset")
    body = APIClient().get("/api/movies").json()
    assert body["pagination"]["totalItems"] == Movie.objects.count()


def test_new_rows_after_a_reset_get_fresh_ids(local):
    APIClient().post("/api/reset")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO movie_language (iso_language_code, language_name) "
            "VALUES ('zz', 'Zz') RETURNING id"
        )
        new_id = cursor.fetchone()[0]
        cursor.execute("SELECT max(id) FROM movie_language WHERE iso_language_code <> 'zz'")
        assert new_id == cursor.fetchone()[0] + 1


def test_reset_is_404_unless_enabled(local, settings):
    settings.REELFAKE_RESET = False
    settings.DEBUG = False
    response = APIClient().post("/api/reset")
    assert response.status_code == 404
    assert response.json()["message"] == "Reset is not enabled on this server"


def test_reset_on_a_server_with_sandboxes_is_the_read_only_403(settings):
    settings.REELFAKE_RESET = True
    response = APIClient().post("/api/reset")
    assert response.status_code == 403
    assert response.json()["message"].endswith("create a sandbox: POST /api/sandboxes")
