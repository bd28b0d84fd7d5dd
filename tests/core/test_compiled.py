"""reelfake/db/compiled.py: a values() query compiled once, run per id."""

import pytest
from django.db import connection
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext

from movies.models import Movie
from people.models import Customer
from reelfake.db import worlds
from reelfake.db.compiled import CompiledList, CompiledRow, CompiledRows, PreparedQuery
from tests.factories import CustomerFactory, MovieFactory, StaffFactory, StoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _main_world():
    """In the main world, whatever path an earlier test left on the connection: the names of
    prepared statements are per world (tests/sandboxes/test_prepared_statements.py)."""
    worlds.activate(worlds.MAIN_WORLD)


def test_returns_the_row_values_would_give_for_each_id():
    first, second = MovieFactory(title="First"), MovieFactory(title="Second")
    row = CompiledRow(lambda movie_id: Movie.objects.filter(id=movie_id).values("id", "title"))
    assert row.first(first.id) == {"id": first.id, "title": "First"}
    assert row.first(second.id) == {"id": second.id, "title": "Second"}


def test_an_annotation_named_before_a_field_keeps_its_own_key():
    movie = MovieFactory(title="Upper me")
    row = CompiledRow(
        lambda movie_id: (
            Movie.objects.filter(id=movie_id).annotate(shout=Upper("title")).values("shout", "id")
        )
    )
    assert row.first(movie.id) == {"shout": "UPPER ME", "id": movie.id}


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
    assert len({query["sql"] for query in ctx.captured_queries}) == 2  # PREPARE, EXECUTE
    assert len(ctx.captured_queries) == 4


def test_a_connection_prepares_the_row_query_once_then_only_executes_it():
    movie = MovieFactory()
    row = CompiledRow(lambda movie_id: Movie.objects.filter(id=movie_id).values("id"))
    row.first(movie.id)
    with CaptureQueriesContext(connection) as ctx:
        assert row.first(movie.id) == {"id": movie.id}
    assert [q["sql"] for q in ctx.captured_queries] == [
        f"EXECUTE {row._compile()[0].name}({movie.id})"
    ]


def test_row_queries_with_prepared_statements_off_run_the_sql_as_is(settings):
    settings.REELFAKE_PREPARED_STATEMENTS = False
    movie = MovieFactory()
    row = CompiledRow(lambda movie_id: Movie.objects.filter(id=movie_id).values("id"))
    with CaptureQueriesContext(connection) as ctx:
        assert row.first(movie.id) == {"id": movie.id}
    assert [q["sql"] for q in ctx.captured_queries] == [
        f'SELECT "movie"."id" AS "id" FROM "movie" WHERE "movie"."id" = {movie.id} LIMIT 1'
    ]


def test_a_query_with_other_parameters_is_refused():
    row = CompiledRow(lambda movie_id: Movie.objects.filter(id=movie_id, title="x").values("id"))
    with pytest.raises(ValueError, match="exactly one parameter"):
        row.first(1)


def test_keys_longer_than_postgresqls_63_character_aliases_are_kept_whole():
    customer = CustomerFactory(preferred_store=StoreFactory(store_manager=StaffFactory()))
    path = "preferred_store__store_manager__address__city__country__country_name"
    row = CompiledRow(lambda customer_id: Customer.objects.filter(id=customer_id).values(path))
    expected = customer.preferred_store.store_manager.address.city.country.country_name
    assert len(path) > 63
    assert row.first(customer.id) == {path: expected}


def test_compiled_rows_give_what_values_gives_in_its_order():
    MovieFactory(title="B"), MovieFactory(title="A"), MovieFactory(title="C")
    build = lambda: Movie.objects.order_by("title").values("title")  # noqa: E731
    rows = CompiledRows(build)
    assert list(rows) == list(build())
    assert rows[:2] == list(build()[:2])
    assert rows[:0] == []


def test_compiled_rows_run_the_same_sql_without_building_the_queryset_again():
    MovieFactory()
    built = []

    def build():
        built.append(1)
        return Movie.objects.order_by("id").values("id")

    rows = CompiledRows(build)
    with CaptureQueriesContext(connection) as ctx:
        list(rows)
        rows[:1]
        rows[:5]
    assert len(built) == 1
    unlimited = ctx.captured_queries[0]["sql"]
    assert [query["sql"] for query in ctx.captured_queries[1:]] == [
        f"{unlimited} LIMIT 1",
        f"{unlimited} LIMIT 5",
    ]


def test_compiled_rows_keep_the_column_order_values_was_given():
    MovieFactory(title="Heat")
    build = lambda: Movie.objects.annotate(upper=Upper("title")).values("upper", "title")  # noqa: E731
    assert list(CompiledRows(build)) == list(build())


# PreparedQuery -----------------------------------------------------------------------------


def _run(query: PreparedQuery, params) -> list[tuple]:
    with connection.cursor() as cursor:
        query.execute(cursor, params)
        return cursor.fetchall()


def test_a_prepared_query_answers_with_its_parameters():
    query = PreparedQuery("SELECT %s::int + %s::int, 'a%%b'", 2)
    assert _run(query, [2, 3]) == [(5, "a%b")]
    assert _run(query, [4, 5]) == [(9, "a%b")]


def test_a_connection_prepares_once_then_only_executes():
    query = PreparedQuery("SELECT %s::int", 1)
    _run(query, [1])
    with CaptureQueriesContext(connection) as ctx:
        _run(query, [2])
    assert [q["sql"] for q in ctx.captured_queries] == [f"EXECUTE {query.name}(2)"]


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again():
    query = PreparedQuery("SELECT 7", 0)
    _run(query, [])
    connection.close()
    assert _run(query, []) == [(7,)]


def test_prepared_statements_off_run_the_sql_as_is(settings):
    settings.REELFAKE_PREPARED_STATEMENTS = False
    query = PreparedQuery("SELECT %s::int + 1, 'a%%b'", 1)
    with CaptureQueriesContext(connection) as ctx:
        assert _run(query, [2]) == [(3, "a%b")]
    assert [q["sql"] for q in ctx.captured_queries] == ["SELECT 2::int + 1, 'a%b'"]


def test_compiled_list_returns_every_row_for_each_value_in_the_querysets_order():
    a, b = MovieFactory(title="B", runtime=101), MovieFactory(title="A", runtime=101)
    MovieFactory(runtime=99)
    rows = CompiledList(
        lambda minutes: Movie.objects.filter(runtime=minutes).order_by("title").values("id")
    )
    assert rows.all(101) == [{"id": b.id}, {"id": a.id}]
    assert rows.all(1) == []


def test_compiled_list_refuses_an_unordered_queryset():
    rows = CompiledList(lambda minutes: Movie.objects.filter(runtime=minutes).order_by().values())
    with pytest.raises(ValueError, match="ordered"):
        rows.all(101)
