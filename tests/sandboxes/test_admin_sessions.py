"""Django admin sessions belong to the world they signed in to."""

import re

import pytest
from django.test import Client

from reelfake.db.seeding import DEMO_MANAGER_EMAIL, DEMO_PASSWORD
from tests.sandboxes.conftest import prefix

pytestmark = pytest.mark.django_db


def admin_login(client: Client, path_prefix: str) -> None:
    page = client.get(f"{path_prefix}/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    response = client.post(
        f"{path_prefix}/admin/login/?next={path_prefix}/admin/",
        {"username": DEMO_MANAGER_EMAIL, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, response.content


def test_store_manager_signs_in_to_the_admin_of_a_sandbox(sandbox):
    client = Client()
    admin_login(client, prefix(sandbox))
    response = client.get(f"{prefix(sandbox)}/admin/")
    assert response.status_code == 200
    assert b"<title>Store dashboard | Reelfake admin</title>" in response.content
    # The signed-in page of this sandbox: its logout form posts under the sandbox's prefix.
    assert f'action="{prefix(sandbox)}/admin/logout/"'.encode() in response.content


def test_admin_session_cookies_are_scoped_to_the_sandbox(sandbox):
    client = Client()
    admin_login(client, prefix(sandbox))
    assert client.cookies["sessionid"]["path"] == f"{prefix(sandbox)}/"


def test_admin_session_of_one_sandbox_is_anonymous_in_another(sandbox, other_sandbox):
    client = Client()
    admin_login(client, prefix(sandbox))
    response = client.get(f"{prefix(other_sandbox)}/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
