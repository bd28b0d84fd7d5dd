"""movies/services.py called directly: transactions and the database's last word."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from movies import services
from movies.models import Actor, Movie, MovieActor
from reelfake.exceptions import ApplicationError
from tests.factories import (
    ActorFactory,
    CartFactory,
    MovieActorFactory,
    MovieFactory,
    MovieLanguageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fields():
    return {
        "tmdb_id": 1,
        "title": "Service Movie",
        "original_title": "Service Movie",
        "overview": "Made by a service.",
        "release_date": datetime.date(2020, 1, 1),
        "genre_ids": None,
        "origin_country_ids": [],
        "language_id": MovieLanguageFactory().id,
        "movie_status": "Released",
        "popularity": 1.0,
        "budget": 0,
        "revenue": 0,
        "rating_average": 5.0,
        "rating_count": 0,
    }


def test_movie_create_ignores_columns_outside_the_whitelist(fields):
    movie = services.movie_create(fields={**fields, "id": 12345, "created_at": "x"})
    assert movie.id != 12345


def test_movie_create_with_a_failing_cast_member_writes_nothing(fields):
    cast = [{"tmdb_id": 5, "actor_name": "Fine"}, {"tmdb_id": 6}]
    with pytest.raises(ApplicationError) as raised:
        services.movie_create(fields=fields, cast=cast)
    assert raised.value.message == "Actor.actorName cannot be null"
    assert (Movie.objects.count(), Actor.objects.count()) == (0, 0)


def test_a_unique_violation_the_checks_missed_becomes_the_contract_message(fields, monkeypatch):
    MovieFactory(tmdb_id=1)
    monkeypatch.setattr(services, "_identity_conflicts", lambda *args, **kwargs: [])
    with pytest.raises(ApplicationError) as raised:
        services.movie_create(fields=fields)
    assert (raised.value.status, raised.value.message) == (400, "tmdb_id must be unique")


def test_a_concurrent_link_becomes_already_exists(monkeypatch):
    link = MovieActorFactory()
    monkeypatch.setattr(MovieActor.objects, "filter", lambda **kwargs: MovieActor.objects.none())
    with pytest.raises(ApplicationError) as raised:
        services.actor_add_to_movie(
            actor=link.actor, movie_id=link.movie_id, character_name="Again", cast_order=1
        )
    assert raised.value.message == "Actor already exists for the given movie"


def test_movie_update_of_an_unknown_movie_is_not_found():
    with pytest.raises(ApplicationError) as raised:
        services.movie_update(movie_id=424242, fields={"title": "X"})
    assert (raised.value.status, raised.value.message) == (404, "Resources not found")


def test_movie_delete_reports_references_found_at_delete_time(monkeypatch):
    movie = MovieFactory()
    CartFactory(movie=movie)
    # the first look finds nothing, as when the cart row arrives just before the DELETE
    checks = iter([{"rentals": 0, "carts": 0, "wishlists": 0}])
    real = services.selectors.movie_references
    monkeypatch.setattr(
        services.selectors,
        "movie_references",
        lambda movie_id: next(checks, None) or real(movie_id),
    )
    with pytest.raises(ApplicationError) as raised:
        services.movie_delete(movie_id=movie.id)
    assert raised.value.status == 409
    assert raised.value.message.endswith("carts still reference it")
    assert Movie.objects.filter(id=movie.id).exists()


def test_add_actors_reuses_actors_by_tmdb_id():
    movie = MovieFactory()
    known = ActorFactory(tmdb_id=9)
    result = services.movie_add_actors(
        movie_id=movie.id, cast=[{"tmdb_id": 9}, {"tmdb_id": 10, "actor_name": "New"}]
    )
    assert [a.tmdb_id for a in result.new_actors] == [10]
    assert [d["tmdb_id"] for d in result.duplicates] == [9]
    assert set(MovieActor.objects.values_list("actor_id", flat=True)) == {
        known.id,
        result.new_actors[0].id,
    }


def test_actor_create_refuses_a_name_in_use_case_insensitively():
    ActorFactory(actor_name="Same Name")
    with pytest.raises(ApplicationError) as raised:
        services.actor_create(fields={"tmdb_id": 3, "actor_name": "SAME name"})
    assert raised.value.message == "Actor with name SAME name already exist"


def test_linking_a_cast_takes_the_same_queries_for_two_or_twenty_actors():
    def queries_for(size: int) -> int:
        movie = MovieFactory()
        first = ActorFactory().tmdb_id
        cast = [{"tmdb_id": first}] + [
            {"tmdb_id": 100_000 * size + n, "actor_name": f"Actor {n}"} for n in range(size - 1)
        ]
        with CaptureQueriesContext(connection) as queries:
            services.movie_add_actors(movie_id=movie.id, cast=cast)
        assert MovieActor.objects.filter(movie=movie).count() == size
        return len(queries)

    assert queries_for(2) == queries_for(20)
