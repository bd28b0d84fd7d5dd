"""reelfake/db/row_counts.py: exact counts of whole tables from the trigger-kept deltas."""

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from movies.models import Actor, Movie
from places.models import Country
from reelfake.db.row_counts import count_rows, table_row_count
from tests.factories import ActorFactory, MovieFactory

pytestmark = pytest.mark.django_db


def _counted(queryset):
    with CaptureQueriesContext(connection) as ctx:
        total = count_rows(queryset)
    return total, [query["sql"] for query in ctx.captured_queries]


def test_whole_table_is_read_from_the_deltas_not_counted():
    MovieFactory.create_batch(4)
    total, sqls = _counted(Movie.objects.all())
    assert total == 4
    assert len(sqls) == 1
    assert "stats_row_delta" in sqls[0]
    assert 'FROM "movie"' not in sqls[0]


def test_whole_table_count_follows_inserts_and_deletes():
    movies = MovieFactory.create_batch(5)
    Movie.objects.filter(id__in=[movies[0].id, movies[3].id]).delete()
    MovieFactory()
    assert count_rows(Movie.objects.order_by("-id")) == Movie.objects.count() == 4


def test_a_filtered_queryset_is_counted_in_its_table():
    MovieFactory.create_batch(3, runtime=90)
    MovieFactory(runtime=120)
    total, sqls = _counted(Movie.objects.filter(runtime=90))
    assert total == 3
    assert 'FROM "movie"' in sqls[0]


def test_a_grouped_queryset_is_counted_in_its_table():
    ActorFactory.create_batch(2)
    total, sqls = _counted(Actor.objects.annotate(n=Count("credits")))
    assert total == 2
    assert 'FROM "actor"' in sqls[0]


def test_a_table_without_triggers_is_counted_in_its_table():
    total, sqls = _counted(Country.objects.all())
    assert total == Country.objects.count()
    assert "stats_row_delta" not in sqls[0]


def test_rows_rolled_back_are_not_counted():
    MovieFactory.create_batch(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        MovieFactory.create_batch(3)
        raise RuntimeError
    assert table_row_count("movie") == 2


def test_many_deltas_of_a_table_are_folded_into_one_row():
    for _ in range(205):
        MovieFactory()
    assert table_row_count("movie") == 205
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM stats_row_delta WHERE table_name = 'movie'")
        assert cursor.fetchone() == (1,)
    assert table_row_count("movie") == 205
