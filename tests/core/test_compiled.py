"""reelfake/db/compiled.py: a values() query compiled once, run per id."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from movies.models import Movie
from reelfake.db.compiled import CompiledRow
from tests.factories import MovieFactory

pytestmark = pytest.mark.django_db


def test_returns_the_row_values_would_give_for_each_id():
    first, second = MovieFactory(title="First"), MovieFactory(title="Second")
    row = CompiledRow(lambda movie_id: Movie.objects.filter(id=movie_id).values("id", "title"))
    assert row.first(first.id) == {"id": first.id, "title": "First"}
    assert row.first(second.id) == {"id": second.id, "title": "Second"}


def test_unknown_id_is_none():
    row = CompiledRow(lambda movie_id: Movie.objects.filter(id=movie_id).values("id"))
    assert row.first(123456) is None


def test_later_calls_run_the_same_sql_without_building_the_queryset_again():
    movie = MovieFactory()
    built = []

    def build(movie_id):
        built.append(movie_id)
        return Movie.objects.filter(id=movie_id).values("id")

    row = CompiledRow(build)
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(3):
            row.first(movie.id)
    assert len(built) == 1
    assert len({query["sql"] for query in ctx.captured_queries}) == 1
    assert len(ctx.captured_queries) == 3


def test_a_query_with_other_parameters_is_refused():
    row = CompiledRow(lambda movie_id: Movie.objects.filter(id=movie_id, title="x").values("id"))
    with pytest.raises(ValueError, match="exactly one parameter"):
        row.first(1)
