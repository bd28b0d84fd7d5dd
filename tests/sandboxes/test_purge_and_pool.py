"""Idle expiry, purge, the warm pool and the management command."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from reelfake.db import worlds
from sandboxes import services
from sandboxes.models import Sandbox
from tests.sandboxes.conftest import create, prefix, schema_of

pytestmark = pytest.mark.django_db


def sandbox_command(*args) -> str:
    out = io.StringIO()
    call_command("sandbox", *args, stdout=out)
    return out.getvalue()


def test_purge_retires_expired_sandboxes(sandbox):
    Sandbox.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert services.sandbox_purge() == {"expired": 1, "dropped": 0}
    assert Sandbox.objects.get().key_hash is None


def test_purge_drops_retired_schemas_after_the_grace_period(sandbox):
    schema = schema_of(sandbox)
    APIClient().delete(f"{prefix(sandbox)}/api/sandbox")
    assert services.sandbox_purge() == {"expired": 0, "dropped": 0}
    assert worlds.schema_exists(schema)
    Sandbox.objects.update(retired_at=timezone.now() - timedelta(hours=1))
    assert services.sandbox_purge()["dropped"] == 1
    assert not worlds.schema_exists(schema)
    assert not Sandbox.objects.exists()


def test_purge_drops_schemas_no_registry_row_names(db):
    worlds.build_world("sbx_" + "0" * 24)
    assert services.sandbox_purge()["dropped"] == 1
    assert not worlds.schema_exists("sbx_" + "0" * 24)


def test_purge_keeps_live_sandboxes(sandbox):
    services.sandbox_purge(grace_seconds=0)
    response = APIClient().get(f"{prefix(sandbox)}/api/genres")
    # The sandbox's seeded genres (a purged one answers 404 "Sandbox not found").
    assert (response.status_code, response.json()["items"][0]["genreName"]) == (200, "Action")


def test_creation_takes_a_schema_from_the_pool(db):
    assert services.pool_fill(size=2) == 2
    pooled = set(Sandbox.objects.values_list("schema_name", flat=True))
    sandbox = create()
    assert schema_of(sandbox) in pooled
    assert Sandbox.objects.filter(key_hash__isnull=True, retired_at__isnull=True).count() == 1


def test_pool_fill_stops_at_its_size(db):
    services.pool_fill(size=1)
    assert services.pool_fill(size=1) == 0


def test_pool_schema_of_an_older_template_is_dropped(db):
    services.pool_fill(size=1)
    Sandbox.objects.update(fingerprint="older")
    assert services.sandbox_purge()["dropped"] == 1
    assert not Sandbox.objects.exists()


def test_command_creates_lists_resets_and_deletes(db):
    created = sandbox_command("create")
    sandbox_id = Sandbox.objects.get().id
    assert f"id {sandbox_id}" in created
    assert Sandbox.objects.get().schema_name in sandbox_command("list")
    assert sandbox_command("reset", str(sandbox_id)) == f"sandbox {sandbox_id} reset\n"
    assert sandbox_command("delete", str(sandbox_id)) == f"sandbox {sandbox_id} deleted\n"
    assert sandbox_command("purge", "--now") == "0 expired, 1 schemas dropped\n"


def test_command_warm_fills_the_pool(settings, db):
    settings.SANDBOX_POOL_SIZE = 1
    assert sandbox_command("warm") == "template ready; 1 schemas added to the pool\n"


def test_command_warm_builds_no_pool_with_sandboxes_off(settings, db):
    settings.REELFAKE_SANDBOXES = False
    assert sandbox_command("warm") == "template ready (sandboxes off: no pool)\n"
    assert not Sandbox.objects.exists()


def test_sandbox_of_older_schema_sources_is_not_entered(sandbox):
    Sandbox.objects.update(fingerprint="older")
    response = APIClient().get(f"{prefix(sandbox)}/api/genres")
    assert response.status_code == 404
    assert response.json()["message"] == "Sandbox not found"


def test_purge_retires_sandboxes_of_older_schema_sources(sandbox):
    Sandbox.objects.update(fingerprint="older")
    assert services.sandbox_purge()["expired"] == 1
    assert Sandbox.objects.get().key_hash is None
