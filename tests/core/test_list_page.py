"""reelfake.pagination.ListPage: a page's ids first, then its rows; late pages read backwards."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from movies.models import Actor
from reelfake.pagination import ListPage
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors():
    # Popularity repeats, so an order by popularity needs its id tie-break.
    return [ActorFactory(popularity=float(n % 7)) for n in range(23)]


def pages(keys, size=5):
    """Every page's ids, with the count done first as the paginator does it."""
    page = ListPage(keys=keys, rows=Actor.objects.order_by(*keys.query.order_by))
    total = page.count()
    return [[actor.id for actor in page[start : start + size]] for start in range(0, total, size)]


@pytest.mark.parametrize(
    "ordering",
    [("id",), ("-id",), (F("popularity").desc(nulls_last=True), "id"), ("popularity", "-id")],
)
def test_pages_past_the_middle_hold_the_rows_a_forward_read_gives(actors, ordering):
    keys = Actor.objects.order_by(*ordering)
    expected = [actor.id for actor in keys]

    found = pages(keys)

    assert [actor_id for page in found for actor_id in page] == expected
    assert [len(page) for page in found] == [5, 5, 5, 5, 3]


def test_a_late_page_is_read_from_the_other_end(actors):
    keys = Actor.objects.order_by("id")
    page = ListPage(keys=keys, rows=Actor.objects.order_by("id"))
    page.count()
    with CaptureQueriesContext(connection) as ctx:
        list(page[20:25])
    assert (
        "DESC" in ctx.captured_queries[0]["sql"] and "OFFSET" not in ctx.captured_queries[0]["sql"]
    )


def test_without_a_count_pages_are_read_forwards(actors):
    page = ListPage(keys=Actor.objects.order_by("id"), rows=Actor.objects.order_by("id"))
    assert [actor.id for actor in page[20:25]] == [actor.id for actor in actors[20:]]
