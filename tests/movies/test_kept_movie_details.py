"""GET /api/movies/{id} (with and without include_actors) kept in memory per world and
dropped on a committed write it shows (reelfake/kept_pages.py kept_item(),
docs/performance.md "Kept movie details")."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from movies.models import Actor, Genre, Movie, MovieActor
from reelfake import kept_pages
from reelfake.db import worlds
from reelfake.db.listener import process_listener
from reelfake.renderers import KeptBody
from tests.factories import ActorFactory, MovieFactory
from tests.kept import another_world_written, kept_listening, settle, written

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept(settings):
    """This process's subscriptions, listened to; cancelled (and every answer dropped) after."""
    yield from kept_listening(settings, kept_pages, REELFAKE_KEPT_PAGES=256)


@pytest.fixture
def movie(make_movie, cast_member):
    movie = make_movie(title="Before", genres_=["Drama"], poster_url="/api/images/posters/1.svg")
    cast_member(movie, actor_name="First Actor", character_name="Hero", cast_order=0)
    return movie


def detail(movie_id: int) -> str:
    return f"/api/movies/{movie_id}?include_actors=true"


def body(client, movie_id: int) -> dict:
    response = client.get(detail(movie_id))
    assert response.status_code == 200
    return response.json()


def test_a_repeated_detail_with_actors_is_answered_without_a_query(kept, movie, anon_client):
    settle(kept)
    anon_client.get(detail(movie.id))
    with CaptureQueriesContext(connection) as queries:
        response = anon_client.get(detail(movie.id))
    assert response.status_code == 200
    assert queries.captured_queries == []


def test_a_repeated_detail_without_actors_is_answered_without_a_query(kept, movie, anon_client):
    settle(kept)
    anon_client.get(f"/api/movies/{movie.id}")
    with CaptureQueriesContext(connection) as queries:
        response = anon_client.get(f"/api/movies/{movie.id}")
    assert response.status_code == 200
    assert queries.captured_queries == []


def test_a_kept_detail_answers_the_bytes_and_etag_of_a_read_one(kept, movie, anon_client, settings):
    settle(kept)
    anon_client.get(detail(movie.id))
    kept_answer = anon_client.get(detail(movie.id))
    settings.REELFAKE_KEPT_PAGES = 0
    read = anon_client.get(detail(movie.id))
    assert kept_answer.content == read.content
    assert kept_answer["ETag"] == read["ETag"]


def test_a_kept_detail_is_a_kept_body_of_its_world(kept, movie, anon_client):
    settle(kept)
    anon_client.get(detail(movie.id))
    [(key, answer)] = kept.entries.items()
    assert key[0] == worlds.current_world().schema
    assert type(answer) is KeptBody


def test_a_kept_detail_keeps_its_bytes_not_its_items(kept, movie, anon_client):
    settle(kept)
    response = anon_client.get(detail(movie.id))
    [answer] = kept.entries.values()
    assert (dict(answer), answer.rendered) == ({}, response.content)


def test_the_detail_with_actors_and_without_are_kept_apart(kept, movie, anon_client):
    settle(kept)
    with_actors = anon_client.get(detail(movie.id)).json()
    without = anon_client.get(f"/api/movies/{movie.id}").json()
    assert "actors" in with_actors
    assert "actors" not in without
    assert len(kept.entries) == 2


def test_include_actors_true_and_1_share_one_kept_detail(kept, movie, anon_client):
    settle(kept)
    true = anon_client.get(detail(movie.id))
    one = anon_client.get(f"/api/movies/{movie.id}?include_actors=1")
    assert one.content == true.content
    assert len(kept.entries) == 1


def test_a_detail_asked_on_another_host_has_that_hosts_urls(kept, movie, anon_client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    settle(kept)
    anon_client.get(detail(movie.id))
    other = anon_client.get(detail(movie.id), HTTP_HOST="other.example").json()
    assert other["posterUrl"] == "http://other.example/api/images/posters/1.svg"
    assert len(kept.entries) == 2


def test_a_committed_movie_update_shows_in_the_next_detail(kept, movie, anon_client):
    settle(kept)
    body(anon_client, movie.id)
    written(kept, lambda: Movie.objects.filter(id=movie.id).update(title="After"))
    assert body(anon_client, movie.id)["title"] == "After"


def test_a_committed_new_cast_member_shows_in_the_next_detail(kept, movie, anon_client):
    settle(kept)
    body(anon_client, movie.id)
    actor = ActorFactory(actor_name="Second Actor")
    written(
        kept,
        lambda: MovieActor.objects.create(
            movie=movie, actor=actor, character_name="Sidekick", cast_order=1
        ),
    )
    names = [item["actorName"] for item in body(anon_client, movie.id)["actors"]]
    assert names == ["First Actor", "Second Actor"]


def test_a_committed_character_rename_shows_in_the_next_detail(kept, movie, anon_client):
    settle(kept)
    body(anon_client, movie.id)
    written(kept, lambda: MovieActor.objects.filter(movie=movie).update(character_name="Villain"))
    [actor] = body(anon_client, movie.id)["actors"]
    assert actor["characterName"] == "Villain"


def test_a_committed_actor_rename_shows_in_the_next_detail(kept, movie, anon_client):
    settle(kept)
    body(anon_client, movie.id)
    written(kept, lambda: Actor.objects.filter(movies=movie).update(actor_name="Renamed"))
    [actor] = body(anon_client, movie.id)["actors"]
    assert actor["actorName"] == "Renamed"


def test_a_committed_genre_rename_shows_in_the_next_detail(kept, movie, anon_client):
    settle(kept)
    body(anon_client, movie.id)
    written(kept, lambda: Genre.objects.filter(genre_name="Drama").update(genre_name="Dramas"))
    assert body(anon_client, movie.id)["genres"] == ["Dramas"]


def test_a_committed_movie_delete_answers_the_next_detail_404(kept, movie, anon_client):
    settle(kept)
    body(anon_client, movie.id)
    written(kept, lambda: Movie.objects.filter(id=movie.id).delete())
    response = anon_client.get(detail(movie.id))
    assert (response.status_code, response.json()) == (
        404,
        {"status": "error", "message": f"Movie with id {movie.id} does not exist"},
    )


def test_a_new_actor_keeps_the_details(kept, movie, anon_client):
    settle(kept)
    body(anon_client, movie.id)
    written(kept, lambda: ActorFactory())
    assert len(kept.entries) == 1


def test_a_new_movie_drops_the_details(kept, movie, anon_client):
    # A new movie changes the kept list pages, which share the details' notifications
    # (docs/performance.md "Kept movie pages").
    settle(kept)
    body(anon_client, movie.id)
    written(kept, lambda: MovieFactory(language=movie.language))
    assert kept.entries == {}


def test_another_worlds_write_keeps_this_worlds_details(kept, movie, anon_client):
    settle(kept)
    body(anon_client, movie.id)
    another_world_written(kept)
    assert [key[0] for key in kept.entries] == [worlds.current_world().schema]


def test_a_missing_movie_is_not_kept(kept, movie, anon_client):
    settle(kept)
    response = anon_client.get(detail(movie.id + 1000))
    assert (response.status_code, response.json()) == (
        404,
        {"status": "error", "message": f"Movie with id {movie.id + 1000} does not exist"},
    )
    assert kept.entries == {}


def test_a_bad_include_actors_is_not_kept(kept, movie, anon_client):
    settle(kept)
    response = anon_client.get(f"/api/movies/{movie.id}?include_actors=maybe")
    assert response.status_code == 400
    assert kept.entries == {}


def test_a_detail_with_another_query_parameter_reads_the_database(kept, movie, anon_client):
    settle(kept)
    anon_client.get(detail(movie.id))
    with CaptureQueriesContext(connection) as queries:
        response = anon_client.get(f"{detail(movie.id)}&lang=fr")
    assert response.status_code == 200
    assert len(queries.captured_queries) == 1
    assert len(kept.entries) == 1


def test_a_detail_read_inside_a_transaction_is_not_kept(kept, movie, anon_client):
    settle(kept)
    with transaction.atomic():
        Movie.objects.filter(id=movie.id).update(title="Uncommitted")
        assert body(anon_client, movie.id)["title"] == "Uncommitted"
        transaction.set_rollback(True)
    assert kept.entries == {}
    assert body(anon_client, movie.id)["title"] == "Before"


# The listener thread delivers notifications under its lock: holding it shows what this
# process does before a notification arrives.
def test_a_movie_update_drops_this_processs_details_before_its_notification(
    kept, movie, anon_client, manager_client
):
    settle(kept)
    body(anon_client, movie.id)
    with process_listener()._lock:
        response = manager_client.put(f"/api/movies/{movie.id}", {"title": "After"}, format="json")
        assert response.status_code == 204
        assert body(anon_client, movie.id)["title"] == "After"


def test_an_actor_rename_drops_this_processs_details_before_its_notification(
    kept, movie, anon_client, manager_client
):
    settle(kept)
    body(anon_client, movie.id)
    actor_id = MovieActor.objects.get(movie=movie).actor_id
    with process_listener()._lock:
        response = manager_client.put(
            f"/api/actors/{actor_id}", {"actorName": "Renamed Actor"}, format="json"
        )
        assert response.status_code == 204
        [actor] = body(anon_client, movie.id)["actors"]
        assert actor["actorName"] == "Renamed Actor"


def test_a_cast_addition_drops_this_processs_details_before_its_notification(
    kept, movie, anon_client, manager_client
):
    settle(kept)
    body(anon_client, movie.id)
    actor = ActorFactory(actor_name="Second Actor")
    with process_listener()._lock:
        response = manager_client.post(
            f"/api/actors/{actor.id}/add_to_movie",
            {"movieId": movie.id, "characterName": "Sidekick", "castOrder": 1},
            format="json",
        )
        assert response.status_code == 201
        names = [item["actorName"] for item in body(anon_client, movie.id)["actors"]]
        assert names == ["First Actor", "Second Actor"]


def test_a_refused_movie_update_keeps_the_details(kept, movie, anon_client, manager_client):
    settle(kept)
    body(anon_client, movie.id)
    with process_listener()._lock:
        response = manager_client.put(f"/api/movies/{movie.id}", {"runtime": -1}, format="json")
        assert response.status_code == 400
        assert len(kept.entries) == 1
