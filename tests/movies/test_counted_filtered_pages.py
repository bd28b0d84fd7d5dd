"""A filtered, sorted or searched movie page whose number is known before counting is read
with its total in one query (movies.selectors.CountedListPage, docs/performance.md "Kept
filtered movie pages"); the same rows and total as counting first."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from movies import selectors
from movies.filters import MOVIE_SORT_FIELDS, parse_sort
from movies.models import Movie
from reelfake.pagination import PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def movies(make_movie):
    """700 movies: 14 pages, odd ones Drama, even ones Comedy, released 2000–2019."""
    return [
        make_movie(
            title=f"Movie {n:03}",
            release_date=datetime.date(2000 + n % 20, 1 + n % 12, 1),
            genres_=["Drama"] if n % 2 else ["Comedy"],
        )
        for n in range(700)
    ]


def filtered(genres, sort: str | None = None):
    drama = Movie.objects.filter(genre_ids__overlap=[genres["Drama"].id])
    return drama.order_by(*parse_sort(sort, MOVIE_SORT_FIELDS)) if sort else drama


def page_of(movies_qs, first_row: int | None, start: int) -> tuple[int, list[int], list[str]]:
    """The total, the page's ids and the statements run, as the paginator reads them (no
    rows read past the end)."""
    page = selectors.movie_list(movies_qs, first_row=first_row)
    with CaptureQueriesContext(connection) as queries:
        total = page.count()
        ids = [row["id"] for row in page[start : start + PAGE_SIZE]] if start < total else []
    return total, ids, [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("sort", [None, "-title", "releaseDate,-id"])
@pytest.mark.parametrize("number", [1, 2, 7])
def test_a_known_filtered_page_has_the_rows_and_total_of_one_counted_first(
    movies, genres, sort, number
):
    start = (number - 1) * PAGE_SIZE
    counted_first = page_of(filtered(genres, sort), None, start)
    known = page_of(filtered(genres, sort), start, start)
    assert known[:2] == counted_first[:2]
    assert known[0] == 350


def test_a_known_filtered_page_is_read_with_its_total_in_one_query(movies, genres):
    assert len(page_of(filtered(genres), 2 * PAGE_SIZE, 2 * PAGE_SIZE)[2]) == 1


def test_a_filtered_page_counted_first_takes_two_queries(movies, genres):
    assert len(page_of(filtered(genres), None, 2 * PAGE_SIZE)[2]) == 2


def test_a_known_sorted_page_past_the_tenth_is_counted_first_and_read_from_the_end(movies):
    start = 11 * PAGE_SIZE
    by_title = Movie.objects.order_by(*parse_sort("title", MOVIE_SORT_FIELDS))
    total, ids, statements = page_of(by_title, start, start)
    assert (total, ids) == (700, [movie.id for movie in movies[start : start + PAGE_SIZE]])
    assert "stats_row_delta" in statements[0]  # the whole table's kept count, alone
    assert "DESC" in statements[-1]  # then the page, from the nearer end
    assert ["LIMIT" in sql for sql in statements].count(True) == 1


def test_a_known_filtered_page_past_the_end_is_tried_then_counted_alone(movies, genres):
    total, ids, statements = page_of(filtered(genres), 7 * PAGE_SIZE, 7 * PAGE_SIZE)
    assert (total, ids, len(statements)) == (350, [], 2)
    assert statements[1].startswith("SELECT COUNT(*)")


def test_a_filtered_list_that_can_match_nothing_is_counted_without_a_query(movies):
    assert page_of(Movie.objects.none(), 0, 0) == (0, [], [])
