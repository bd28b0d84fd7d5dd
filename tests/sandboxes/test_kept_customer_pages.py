"""Kept customer list pages belong to their world: a customer write in a sandbox drops that
sandbox's pages, not the main world's (reelfake/kept_pages.py, docs/performance.md "Kept
customer pages")."""

import pytest
from rest_framework.test import APIClient

from reelfake import kept_pages
from reelfake.db import worlds
from tests.factories import CustomerFactory
from tests.kept import kept_listening, worlds_kept
from tests.reference import wait_for
from tests.sandboxes.conftest import create, login, prefix, schema_of

pytestmark = pytest.mark.django_db(transaction=True)

SUMMARY = "/api/customers/summary"


@pytest.fixture
def kept(settings):
    """This process's subscriptions, listened to; cancelled (and every page dropped) after."""
    yield from kept_listening(settings, kept_pages, REELFAKE_KEPT_PAGES=256)


def test_a_sandbox_customer_write_drops_that_sandboxs_pages_only(kept):
    CustomerFactory()
    client = APIClient()
    sandbox = create(client)
    schema = schema_of(sandbox)
    assert client.get(SUMMARY).status_code == 200
    assert client.get(prefix(sandbox) + SUMMARY).status_code == 200
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema, schema}
    login(client, sandbox)
    me = client.get(prefix(sandbox) + "/api/auth/me").json()
    response = client.put(
        f"{prefix(sandbox)}/api/customers/{me['id']}", {"firstName": "Renamed"}, format="json"
    )
    assert response.status_code == 204, response.content
    wait_for(lambda: schema not in worlds_kept(kept))  # the write's notification
    assert worlds_kept(kept) == {worlds.MAIN_WORLD.schema}
    items = client.get(prefix(sandbox) + SUMMARY).json()["items"]
    assert [item["firstName"] for item in items if item["id"] == me["id"]] == ["Renamed"]
