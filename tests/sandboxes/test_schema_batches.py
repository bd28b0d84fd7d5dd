"""Schema changes in batches: a CREATE or DROP SCHEMA makes every server process plan every
cached plan again, so the pool's filler and the purge change schemas a batch per transaction
(docs/sandboxes.md "Many live sandboxes: the measure, the schema changes, the connections")."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from reelfake.db import worlds
from sandboxes import services
from sandboxes.models import Sandbox

pytestmark = pytest.mark.django_db


def transactions_of(monkeypatch, name: str) -> list[tuple]:
    """Per call of worlds.<name>, the atomic block it ran in (the test's own transaction
    makes each of the callers' transactions a savepoint: one savepoint, one transaction)."""
    calls = []
    original = getattr(worlds, name)

    def recorded(*args, **kwargs):
        calls.append(tuple(connection.savepoint_ids))
        return original(*args, **kwargs)

    monkeypatch.setattr(worlds, name, recorded)
    return calls


def pool_size() -> int:
    return Sandbox.objects.filter(key_hash__isnull=True, retired_at__isnull=True).count()


def test_a_pool_fill_clones_the_missing_schemas_in_one_transaction(monkeypatch):
    clones = transactions_of(monkeypatch, "clone_world")
    assert services.pool_fill(size=3) == 3
    assert len(clones) == 3 and len(set(clones)) == 1


def test_a_pool_fill_clones_at_most_pool_fill_batch_schemas_per_transaction(monkeypatch):
    monkeypatch.setattr(services, "POOL_FILL_BATCH", 2)
    clones = transactions_of(monkeypatch, "clone_world")
    assert services.pool_fill(size=3) == 3
    assert [clones.count(block) for block in dict.fromkeys(clones)] == [2, 1]


def test_the_maintenance_leaves_a_pool_above_half_its_size_alone(settings):
    settings.SANDBOX_POOL_SIZE = 4
    services.pool_fill(size=3)
    assert (services.pool_refill(), pool_size()) == (0, 3)


def test_the_maintenance_refills_a_pool_down_to_half_its_size_to_full(settings, monkeypatch):
    settings.SANDBOX_POOL_SIZE = 4
    services.pool_fill(size=2)
    clones = transactions_of(monkeypatch, "clone_world")
    assert (services.pool_refill(), pool_size()) == (2, 4)
    assert len(set(clones)) == 1


def test_the_purge_drops_retired_schemas_at_most_drop_batch_per_transaction(monkeypatch):
    monkeypatch.setattr(services, "DROP_BATCH", 2)
    services.pool_fill(size=3)
    schemas = set(Sandbox.objects.values_list("schema_name", flat=True))
    Sandbox.objects.update(retired_at=timezone.now() - timedelta(hours=1))
    drops = transactions_of(monkeypatch, "drop_world")
    assert services.sandbox_purge()["dropped"] == 3
    assert [drops.count(block) for block in dict.fromkeys(drops)] == [2, 1]
    assert not any(worlds.schema_exists(schema) for schema in schemas)


def test_the_purge_drops_schemas_no_registry_row_names_at_most_drop_batch_per_transaction(
    monkeypatch,
):
    monkeypatch.setattr(services, "DROP_BATCH", 2)
    names = [f"sbx_{index:024x}" for index in range(3)]
    for name in names:
        worlds.build_world(name)
    drops = transactions_of(monkeypatch, "drop_world")
    assert services.sandbox_purge()["dropped"] == 3
    assert [drops.count(block) for block in dict.fromkeys(drops)] == [2, 1]
    assert not any(worlds.schema_exists(name) for name in names)
