"""Pages of the unfiltered catalog read by id range when the ids leave no gap
(movies.selectors.DenseListPage, docs/performance.md "Pages of the catalog as id ranges")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from movies import selectors
from movies.models import Actor, Movie
from tests.factories import ActorFactory, MovieFactory

pytestmark = pytest.mark.django_db

SIZE = 5


@pytest.fixture(autouse=True)
def nothing_kept(monkeypatch):
    # Nothing is kept from another test's lists (gaps seen, compiled SQL).
    monkeypatch.setattr(selectors, "_PLAIN_LISTS", {})


@pytest.fixture
def movies():
    return [MovieFactory() for _ in range(23)]


def read_pages(list_of, model) -> tuple[list[list[int]], list[str]]:
    """Every page's ids, counted first as the paginator does, and the SQL each page ran."""
    pages, sql = [], []
    total = list_of(model.objects.all()).count()
    for start in range(0, total, SIZE):
        page = list_of(model.objects.all())
        page.count()
        with CaptureQueriesContext(connection) as queries:
            pages.append([row["id"] for row in page[start : start + SIZE]])
        sql.append(" | ".join(q["sql"] for q in queries.captured_queries))
    return pages, sql


def by_range(sql: str, list_of=selectors.movie_list, model=Movie) -> bool:
    """Whether `sql` ran the id-range query (prepared: PREPARE once, then EXECUTE by name)."""
    dense_sql = list_of(model.objects.all()).dense_sql
    return "stats_row_delta" in sql or bool(dense_sql) and dense_sql[0][0].name + "(" in sql


def ids_in_order(model) -> list[int]:
    return list(model.objects.order_by("id").values_list("id", flat=True))


def test_pages_of_a_gap_free_list_are_id_ranges_holding_the_ordered_rows(movies):
    pages, sql = read_pages(selectors.movie_list, Movie)
    assert [movie_id for page in pages for movie_id in page] == ids_in_order(Movie)
    assert [len(page) for page in pages] == [5, 5, 5, 5, 3]
    assert all(by_range(text) and "OFFSET" not in text for text in sql)


def test_pages_after_a_delete_in_the_middle_hold_the_ordered_rows(movies):
    Movie.objects.filter(id=movies[7].id).delete()
    pages, _ = read_pages(selectors.movie_list, Movie)
    assert [movie_id for page in pages for movie_id in page] == ids_in_order(Movie)
    assert movies[7].id not in [movie_id for page in pages for movie_id in page]


def test_a_page_of_a_list_with_a_gap_is_read_by_position_after_one_range_try(movies):
    Movie.objects.filter(id=movies[5].id).delete()
    page = selectors.movie_list(Movie.objects.all())
    page.count()
    with CaptureQueriesContext(connection) as queries:
        rows = page[10:15]
    assert [row["id"] for row in rows] == ids_in_order(Movie)[10:15]
    ran = [by_range(q["sql"]) for q in queries.captured_queries]
    # The range query (with its PREPARE on a new connection), then the read by position.
    assert ran[-1] is False and ran[:-1] and all(ran[:-1])


def test_a_gap_seen_at_a_total_is_not_tried_again_at_that_total(movies):
    Movie.objects.filter(id=movies[3].id).delete()
    read_pages(selectors.movie_list, Movie)
    pages, sql = read_pages(selectors.movie_list, Movie)
    assert [movie_id for page in pages for movie_id in page] == ids_in_order(Movie)
    assert not any(by_range(text) for text in sql)


def test_a_new_total_tries_the_range_again(movies):
    Movie.objects.filter(id=movies[-1].id).delete()  # the last id: no gap
    Movie.objects.filter(id=movies[0].id).delete()  # the first: no gap either
    pages, sql = read_pages(selectors.movie_list, Movie)
    assert [movie_id for page in pages for movie_id in page] == ids_in_order(Movie)
    assert all(by_range(text) and "OFFSET" not in text for text in sql)


def test_a_page_past_the_end_of_a_gap_free_list_is_empty(movies):
    page = selectors.movie_list(Movie.objects.all())
    page.count()
    assert page[40:45] == []


def test_actor_pages_of_a_gap_free_list_are_id_ranges_holding_the_ordered_rows():
    for _ in range(12):
        ActorFactory()
    pages, sql = read_pages(selectors.actor_list, Actor)
    assert [actor_id for page in pages for actor_id in page] == ids_in_order(Actor)
    assert all(by_range(text, selectors.actor_list, Actor) for text in sql)


def statements_run(queries) -> list[str]:
    """The SQL sent, but a prepared statement's PREPARE (once per connection)."""
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("PREPARE")]


def test_a_page_known_before_counting_is_read_with_the_total_in_one_query(movies):
    page = selectors.movie_list(Movie.objects.all(), first_row=0)
    with CaptureQueriesContext(connection) as queries:
        total = page.count()
        rows = page[0:50]
    assert total == 23
    assert [row["id"] for row in rows] == ids_in_order(Movie)
    assert len(statements_run(queries)) == 1


def test_a_page_read_with_its_total_has_only_the_rows_columns(movies):
    plain = selectors.movie_list(Movie.objects.all())
    plain.count()
    counted = selectors.movie_list(Movie.objects.all(), first_row=0)
    counted.count()
    assert counted[0:50] == plain[0:50]


def test_a_list_with_a_gap_counts_and_reads_a_known_page_by_position(movies):
    Movie.objects.filter(id=movies[5].id).delete()
    page = selectors.movie_list(Movie.objects.all(), first_row=0)
    assert page.count() == 22
    assert [row["id"] for row in page[0:50]] == ids_in_order(Movie)


def test_a_known_page_past_the_end_is_counted_alone(movies):
    page = selectors.movie_list(Movie.objects.all(), first_row=50)
    assert page.count() == 23


def test_a_known_page_beyond_any_integer_id_is_counted_alone(movies):
    # GET /api/movies?page=184467440737095517 answered 500: the range query's parameters
    # overflowed PostgreSQL's integer.
    page = selectors.movie_list(Movie.objects.all(), first_row=184467440737095516 * 50)
    assert page.count() == 23


def test_a_known_first_page_of_a_list_with_a_gap_is_read_with_the_total_in_one_query(movies):
    Movie.objects.filter(id=movies[5].id).delete()
    selectors.movie_list(Movie.objects.all(), first_row=0).count()  # finds the gap
    page = selectors.movie_list(Movie.objects.all(), first_row=0)
    with CaptureQueriesContext(connection) as queries:
        total = page.count()
        rows = page[0:50]
    assert total == 22
    assert [row["id"] for row in rows] == ids_in_order(Movie)
    [statement] = statements_run(queries)
    assert not statement.startswith("EXECUTE")  # not the prepared range query


def test_a_list_whose_gap_closed_reads_known_pages_as_id_ranges_again(movies):
    Movie.objects.filter(id=movies[5].id).delete()
    selectors.movie_list(Movie.objects.all(), first_row=0).count()  # finds the gap
    Movie.objects.filter(id__gt=movies[5].id).delete()  # ids 1..5 left: no gap
    selectors.movie_list(Movie.objects.all(), first_row=0).count()  # sees a new total
    page = selectors.movie_list(Movie.objects.all(), first_row=0)
    with CaptureQueriesContext(connection) as queries:
        total = page.count()
        rows = page[0:50]
    assert total == 5
    assert [row["id"] for row in rows] == ids_in_order(Movie)
    [statement] = statements_run(queries)
    assert statement.startswith("EXECUTE")  # the prepared range query
