"""GET /api/stats (public): exact counts, kept by triggers (rentals migration 0002)."""

import pytest
from django.db import connection

from movies.models import Movie
from tests.factories import ActorFactory, CustomerFactory, MovieFactory, StaffFactory, StoreFactory

pytestmark = pytest.mark.django_db


def test_counts_movies_actors_customers_staff_and_stores(anon_client):
    MovieFactory.create_batch(3)
    ActorFactory.create_batch(2)
    CustomerFactory.create_batch(4)
    StaffFactory()  # with its own store
    StoreFactory()
    response = anon_client.get("/api/stats")
    assert response.status_code == 200
    assert response.json() == {
        "totalMovies": 3,
        "totalActors": 2,
        "totalCustomers": 4,
        "totalStaff": 1,
        "totalStores": 2,
    }


def test_empty_database_counts_zero(anon_client, db):
    assert set(anon_client.get("/api/stats").json().values()) == {0}


def test_deletes_are_counted(anon_client):
    movies = MovieFactory.create_batch(3)
    Movie.objects.filter(id__in=[movies[0].id, movies[1].id]).delete()
    assert anon_client.get("/api/stats").json()["totalMovies"] == 1


def test_many_deltas_are_folded_into_one_row_per_table(anon_client):
    for _ in range(210):
        MovieFactory()
    assert anon_client.get("/api/stats").json()["totalMovies"] == 210
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM stats_row_delta WHERE table_name = 'movie'")
        assert cursor.fetchone() == (1,)
    assert anon_client.get("/api/stats").json()["totalMovies"] == 210
