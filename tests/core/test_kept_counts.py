"""Totals of filtered actor lists kept in memory per world and dropped on a committed change
to actor (reelfake/kept_counts.py, docs/performance.md "Kept search totals")."""

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from movies.models import Actor
from reelfake import kept_counts
from reelfake.db import worlds
from tests.factories import ActorFactory
from tests.kept import kept_listening, settle
from tests.reference import arrived

pytestmark = pytest.mark.django_db(transaction=True)

SEARCH = "/api/actors?name=%25ann%25"


@pytest.fixture
def kept(settings):
    """This process's subscriptions, listened to; cancelled (and every total dropped) after."""
    yield from kept_listening(settings, kept_counts, REELFAKE_KEPT_COUNTS=1024)


@pytest.fixture
def actors():
    ActorFactory(actor_name="Ann Lee")
    ActorFactory(actor_name="Joanna Price")
    ActorFactory(actor_name="Bob Stone")


def total(client, url=SEARCH) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.json()["pagination"]["totalItems"]


def counts(queries) -> list[str]:
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_a_repeated_name_search_is_answered_without_counting_again(kept, actors, anon_client):
    settle(kept)
    assert total(anon_client) == 2
    with CaptureQueriesContext(connection) as queries:
        assert total(anon_client) == 2
    assert counts(queries) == []


def test_a_kept_total_belongs_to_its_world(kept, actors, anon_client):
    settle(kept)
    total(anon_client)
    [key] = kept.entries
    assert key[0] == worlds.current_world().schema


def test_a_committed_new_actor_shows_in_the_next_total(kept, actors, anon_client):
    settle(kept)
    assert total(anon_client) == 2
    ActorFactory(actor_name="Hannah Moss")  # autocommit: notified on commit
    arrived()
    assert total(anon_client) == 3


def test_a_renamed_actor_leaves_the_next_total(kept, actors, anon_client):
    settle(kept)
    assert total(anon_client) == 2
    Actor.objects.filter(actor_name="Ann Lee").update(actor_name="Eve Lee")
    arrived()
    assert total(anon_client) == 1


def test_a_truncated_actor_table_is_not_answered_from_memory(kept, actors, anon_client):
    settle(kept)
    assert total(anon_client) == 2
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE actor CASCADE")
    arrived()
    response = anon_client.get(SEARCH)
    assert (response.status_code, response.json()["message"]) == (
        404,
        "No data found with the given query",
    )


def test_a_world_filled_with_triggers_off_drops_the_totals(kept, actors, anon_client):
    settle(kept)
    total(anon_client)
    with connection.cursor() as cursor:  # what worlds.py sends after such a fill
        cursor.execute("SELECT pg_notify('reelfake_reference', 'public')")
    arrived()
    assert kept.entries == {}


def test_a_total_counted_inside_a_transaction_is_not_kept(kept, actors, anon_client):
    settle(kept)
    with transaction.atomic():
        ActorFactory(actor_name="Hannah Moss")
        assert total(anon_client) == 3
        transaction.set_rollback(True)
    assert kept.entries == {}
    assert total(anon_client) == 2


def test_a_transaction_that_wrote_is_not_answered_from_memory(kept, actors, anon_client):
    settle(kept)
    assert total(anon_client) == 2
    with transaction.atomic():
        ActorFactory(actor_name="Hannah Moss")
        assert total(anon_client) == 3
        transaction.set_rollback(True)


def test_a_total_counted_while_a_notification_arrives_is_not_kept(kept, actors, monkeypatch):
    settle(kept)
    count = QuerySet.count

    def count_then_notified(queryset):
        result = count(queryset)
        kept.invalidate()  # as the listener thread does when a commit's notification arrives
        return result

    monkeypatch.setattr(QuerySet, "count", count_then_notified)
    assert kept_counts.kept_count(Actor.objects.filter(actor_name__icontains="ann")) == 2
    assert kept.entries == {}


def test_at_most_the_setting_keeps_totals_least_recently_used_out(
    kept, actors, anon_client, settings
):
    settle(kept)
    settings.REELFAKE_KEPT_COUNTS = 2
    total(anon_client, "/api/actors?name=%25ann%25")
    total(anon_client, "/api/actors?name=%25bob%25")
    total(anon_client, "/api/actors?name=%25ann%25")  # used again: the newest
    total(anon_client, "/api/actors?name=%25lee%25")
    patterns = [key[3] for key in kept.entries]
    assert len(patterns) == 2
    assert "%ann%" in patterns[0] and "%lee%" in patterns[1]


def test_a_very_long_search_is_counted_not_kept(kept, actors, anon_client):
    settle(kept)
    pattern = "%" + "a" * kept_counts.MAX_KEY_CHARS + "%"
    response = anon_client.get("/api/actors", {"name": pattern})
    assert response.status_code == 404
    assert kept.entries == {}


def test_unfiltered_pages_keep_no_total(kept, actors, anon_client):
    settle(kept)
    assert total(anon_client, "/api/actors") == 3
    assert kept.entries == {}


def test_nothing_is_kept_while_the_setting_is_zero(settings, actors, anon_client):
    settings.REELFAKE_KEPT_COUNTS = 0
    assert total(anon_client) == 2
    assert not kept_counts._kept.ready
    assert kept_counts._kept.entries == {}
