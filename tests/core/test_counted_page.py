"""reelfake.rows.CountedPage: a numbered page and the list's total in one query, exact after
writes; SQL compiled once for unfiltered lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from movies.models import Actor
from reelfake.rows import CountedPage
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors():
    return [ActorFactory(popularity=float(n % 3)) for n in range(60)]


def counted(keys, first_row, compiled_key=None):
    return CountedPage(
        keys=keys,
        rows=Actor.objects.order_by("id").values("id", "actor_name"),
        first_row=first_row,
        compiled_key=compiled_key,
    )


def test_a_numbered_page_and_the_total_take_one_query(actors):
    page = counted(Actor.objects.order_by("id"), 50)
    with CaptureQueriesContext(connection) as ctx:
        total = page.count()
        rows = page[50:100]
    assert len(ctx.captured_queries) == 1
    assert total == 60
    assert type(total) is int
    assert [row["id"] for row in rows] == [actor.id for actor in actors[50:]]


def test_a_filtered_list_counts_only_its_matching_rows(actors):
    keys = Actor.objects.filter(popularity=1.0).order_by("id")
    page = counted(keys, 0)
    assert page.count() == 20
    assert [row["id"] for row in page[0:50]] == [actor.id for actor in keys]


def test_a_filter_matching_nothing_counts_zero(actors):
    page = counted(Actor.objects.filter(id__in=[]).order_by("id"), 0)
    assert page.count() == 0


def test_a_page_past_the_end_is_counted_on_its_own(actors):
    page = counted(Actor.objects.order_by("id"), 100)
    with CaptureQueriesContext(connection) as ctx:
        total = page.count()
    assert total == 60
    assert len(ctx.captured_queries) == 2


def test_a_compiled_page_sees_the_rows_written_after_it_was_compiled(actors):
    key = ("test_counted_page", "default")
    first = counted(Actor.objects.order_by("id"), 50, compiled_key=key)
    assert first.count() == 60
    newest = ActorFactory(actor_name="Written Later")
    Actor.objects.filter(id=actors[55].id).update(actor_name="Renamed Later")

    again = counted(Actor.objects.order_by("id"), 50, compiled_key=key)

    assert again.count() == 61
    names = {row["id"]: row["actor_name"] for row in again[50:100]}
    assert names[newest.id] == "Written Later"
    assert names[actors[55].id] == "Renamed Later"


def test_reading_a_page_folds_the_table_deltas_once_they_are_many(actors):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO stats_row_delta (table_name, delta) "
            "SELECT 'actor', 0 FROM generate_series(1, 250)"
        )
    assert counted(Actor.objects.order_by("id"), 0).count() == 60
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM stats_row_delta WHERE table_name = 'actor'")
        assert cursor.fetchone()[0] == 1
