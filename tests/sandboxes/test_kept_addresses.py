"""Address lists kept per world (places/kept.py, docs/performance.md "Kept address lists"):
an address write in one sandbox drops that sandbox's kept answers, not another's."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.places.places_data import kept_fixture  # noqa: F401 (fixture `kept`)
from tests.reference import arrived
from tests.sandboxes.conftest import prefix, schema_of

pytestmark = pytest.mark.django_db(transaction=True)


def first_address(sandbox: dict) -> dict:
    return APIClient().get(f"{prefix(sandbox)}/api/addresses").json()["items"][0]


def state_answer(sandbox: dict, state: str):
    response = APIClient().get(f"{prefix(sandbox)}/api/addresses/state/{state}")
    assert response.status_code == 200
    return response.json()["items"]


def rename_address(sandbox: dict, address_id: int, line: str, kept) -> None:
    with connection.cursor() as cursor:  # autocommit: notified on commit
        cursor.execute(
            f'UPDATE "{schema_of(sandbox)}".address SET address_line = %s WHERE id = %s',
            [line, address_id],
        )
    arrived()


def test_an_address_write_in_another_sandbox_keeps_this_sandboxs_answer(
    kept, sandbox, other_sandbox
):
    address = first_address(sandbox)
    state = address["stateName"]
    state_answer(sandbox, state)
    [key] = kept.entries
    assert key[0] == schema_of(sandbox)
    rename_address(other_sandbox, address["id"], "1 Other World Street", kept)
    assert list(kept.entries) == [key]
    assert state_answer(sandbox, state)[0]["addressLine"] == address["addressLine"]


def test_an_address_write_in_the_sandbox_shows_in_its_next_answer(kept, sandbox, other_sandbox):
    address = first_address(sandbox)
    state = address["stateName"]
    state_answer(sandbox, state)
    state_answer(other_sandbox, state)
    rename_address(sandbox, address["id"], "1 Renamed Street", kept)
    assert [key[0] for key in kept.entries] == [schema_of(other_sandbox)]
    assert state_answer(sandbox, state)[0]["addressLine"] == "1 Renamed Street"
