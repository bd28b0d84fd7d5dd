"""The app holds no state of its own: two server processes on one database agree."""

import json
import urllib.error
import urllib.request

import pytest

from tests.factories import PASSWORD, CustomerFactory
from tests.live import running_servers

pytestmark = pytest.mark.django_db(transaction=True)


def call(method, url, body=None, cookie=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"null")


def auth_cookie(headers) -> str:
    for header in headers.get_all("Set-Cookie"):
        if header.startswith("auth_token="):
            return header.split(";", 1)[0]
    raise AssertionError("no auth_token cookie")


def test_login_on_one_instance_is_honoured_by_another():
    customer = CustomerFactory()
    with running_servers(2) as (first, second):
        status, headers, _ = call(
            "POST", f"{first}/api/auth/login", {"email": customer.email, "password": PASSWORD}
        )
        assert status == 200
        status, _, body = call("GET", f"{second}/api/auth/me", cookie=auth_cookie(headers))
    assert status == 200
    assert body["id"] == customer.id


def test_failed_logins_are_throttled_across_instances():
    customer = CustomerFactory()
    wrong = {"email": customer.email, "password": "wrong-password"}
    with running_servers(2) as (first, second):
        for n in range(10):
            call("POST", f"{(first, second)[n % 2]}/api/auth/login", wrong)
        right = {"email": customer.email, "password": PASSWORD}
        status, headers, _ = call("POST", f"{first}/api/auth/login", right)
    assert status == 429
    assert int(headers["Retry-After"]) > 0
