"""movies.services.movies_create_many: the bulk write of uploads, under the same rules as
movie_create (its unique messages, the movie-writes lock)."""

import datetime

import pytest
from django.db import connection

from movies import services
from movies.models import Movie
from tests.factories import MovieFactory, MovieLanguageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def language():
    return MovieLanguageFactory()


def row(language, tmdb_id: int, **changes) -> dict:
    return {
        "tmdb_id": tmdb_id,
        "imdb_id": f"tt{tmdb_id}",
        "title": f"Bulk {tmdb_id}",
        "original_title": f"Bulk {tmdb_id}",
        "overview": None,
        "runtime": 90,
        "release_date": datetime.date(2020, 1, 1),
        "genre_ids": None,
        "origin_country_ids": [],
        "language_id": language.id,
        "movie_status": "Released",
        "popularity": 1.5,
        "budget": 0,
        "revenue": 0,
        "rating_average": 5.0,
        "rating_count": 0,
        "poster_url": "",
        "rental_rate": 4.99,
        **changes,
    }


def lock_modes(key: str) -> list[str]:
    """This session's locks on an advisory key of this world: hashtextextended of the world's
    schema and the key (movies.services._lock)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT mode FROM pg_locks WHERE locktype = 'advisory' "
            "AND pid = pg_backend_pid() AND objsubid = 1 "
            "AND ((classid::bigint << 32) | objid::bigint) "
            "= hashtextextended(current_schema() || %s, 0)",
            [key],
        )
        return [mode for (mode,) in cursor.fetchall()]


def test_every_row_is_created_and_answered_with_its_id_in_order(language):
    writes = services.movies_create_many(rows=[row(language, 7), row(language, 3)])
    created = dict(Movie.objects.values_list("tmdb_id", "id"))
    assert [write.movie_id for write in writes] == [created[7], created[3]]
    assert [write.reasons for write in writes] == [[], []]


def test_a_row_whose_tmdb_id_is_taken_gets_movie_creates_message_and_the_others_are_written(
    language,
):
    MovieFactory(tmdb_id=5, imdb_id=None)
    writes = services.movies_create_many(rows=[row(language, 5), row(language, 6)])
    assert (writes[0].movie_id, writes[0].reasons) == (None, ["tmdb_id must be unique"])
    assert writes[1].movie_id == Movie.objects.get(tmdb_id=6).id
    assert Movie.objects.count() == 2


def test_a_row_whose_imdb_id_is_taken_gets_the_imdb_message(language):
    MovieFactory(tmdb_id=1, imdb_id="tt-taken")
    writes = services.movies_create_many(rows=[row(language, 2, imdb_id="tt-taken")])
    assert (writes[0].movie_id, writes[0].reasons) == (None, ["imdb_id must be unique"])
    assert not Movie.objects.filter(tmdb_id=2).exists()


def test_a_row_that_breaks_the_statement_fails_alone_with_the_databases_message(language):
    rows = [row(language, 1), row(language, 2, language_id=2_000_000_000), row(language, 3)]
    writes = services.movies_create_many(rows=rows)
    assert writes[1].movie_id is None
    assert writes[1].reasons[0].startswith('insert or update on table "movie" violates')
    assert sorted(Movie.objects.values_list("tmdb_id", flat=True)) == [1, 3]


def test_a_bulk_write_holds_the_movie_writes_lock_exclusively(language):
    services.movies_create_many(rows=[row(language, 1)])
    assert lock_modes(services.MOVIE_WRITES_KEY) == ["ExclusiveLock"]


def test_movie_create_holds_the_movie_writes_lock_shared_and_its_title_exclusively(language):
    fields = row(language, 1, title="Shared Lock")
    services.movie_create(fields=fields)
    assert lock_modes(services.MOVIE_WRITES_KEY) == ["ShareLock"]
    assert lock_modes("movie-title:shared lock") == ["ExclusiveLock"]


def test_a_row_with_the_title_and_overview_of_a_movie_gets_movie_creates_message(language):
    MovieFactory(tmdb_id=1, imdb_id=None, title="Heat", overview="A heist.")
    rows = [row(language, 2, title="Heat", overview="A heist."), row(language, 3)]
    writes = services.movies_create_many(rows=rows)
    assert (writes[0].movie_id, writes[0].reasons) == (
        None,
        ["Movie with the same title and overview already exist"],
    )
    assert writes[1].movie_id == Movie.objects.get(tmdb_id=3).id
    assert sorted(Movie.objects.values_list("tmdb_id", flat=True)) == [1, 3]


def test_the_title_of_a_duplicate_is_compared_without_case(language):
    MovieFactory(tmdb_id=1, imdb_id=None, title="Heat", overview="A heist.")
    writes = services.movies_create_many(rows=[row(language, 2, title="HEAT", overview="A heist.")])
    assert writes[0].reasons == ["Movie with the same title and overview already exist"]
    assert not Movie.objects.filter(tmdb_id=2).exists()


def test_a_null_overview_duplicates_only_a_null_overview(language):
    MovieFactory(tmdb_id=1, imdb_id=None, title="Heat", overview=None)
    rows = [row(language, 2, title="Heat", overview=""), row(language, 3, title="Heat")]
    writes = services.movies_create_many(rows=rows)
    assert [write.reasons for write in writes] == [
        [],
        ["Movie with the same title and overview already exist"],
    ]
    assert sorted(Movie.objects.values_list("tmdb_id", flat=True)) == [1, 2]


def test_a_row_repeating_an_earlier_rows_title_and_overview_is_not_written(language):
    rows = [row(language, 1, title="Twin"), row(language, 2, title="twin")]
    writes = services.movies_create_many(rows=rows)
    assert writes[0].movie_id == Movie.objects.get(tmdb_id=1).id
    assert (writes[1].movie_id, writes[1].reasons) == (
        None,
        ["Movie with the same title and overview already exist"],
    )
    assert Movie.objects.count() == 1


def test_the_same_title_with_another_overview_is_written(language):
    MovieFactory(tmdb_id=1, imdb_id=None, title="Heat", overview="A heist.")
    writes = services.movies_create_many(rows=[row(language, 2, title="Heat", overview="Remake.")])
    assert writes[0].movie_id == Movie.objects.get(tmdb_id=2).id


def test_movie_titles_taken_answers_the_keys_a_movie_has(language):
    MovieFactory(tmdb_id=1, imdb_id=None, title="Heat", overview="A heist.")
    keys = [("heat", "A heist."), ("heat", "Remake."), ("heat", None)]
    assert services.movie_titles_taken(keys) == {("heat", "A heist.")}


def test_movie_titles_taken_leaves_out_the_movie_being_updated(language):
    movie = MovieFactory(tmdb_id=1, imdb_id=None, title="Heat", overview="A heist.")
    assert services.movie_titles_taken([("heat", "A heist.")], exclude_id=movie.id) == set()
