"""Property-based fuzzing of every route with schemathesis, against a real gunicorn process
and the project's own OpenAPI schema: anonymously and logged in as each role.

A run fails on any 5xx, any response that does not match the schema, and any status code
the schema does not document. The test suite runs a short version (FUZZ_MAX_EXAMPLES per
operation, default 5); `make fuzz` runs a longer one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from reelfake.db.seeding import DEMO_PASSWORD
from tests.live import Client, Server, free_port

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
ROLES = {
    "anonymous": None,
    "customer": "democustomer@example.com",
    "staff": "demostaff@example.com",
    "manager": "demomanager@example.com",
}


@pytest.fixture(scope="module")
def fuzz_server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed", "--scale", "tiny", "--reset", stdout=open(os.devnull, "w"))
    # Event streams (/api/events) end after a second instead of five minutes.
    env = {"REELFAKE_OPEN_PASSWORD_RESET": "false", "REELFAKE_SSE_MAX_STREAM_SECONDS": "1"}
    server = Server(free_port(), env=env).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cookies(fuzz_server):
    """Every role logs in before any fuzzing: fuzzed logins soon throttle this address."""
    return {
        role: Client(fuzz_server).login(email, DEMO_PASSWORD).cookie
        for role, email in ROLES.items()
        if email is not None
    }


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_5xx_or_off_schema(fuzz_server, cookies, role):
    headers = ["-H", f"Cookie: auth_token={cookies[role]}"] if role in cookies else []
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{fuzz_server.base_url}/openapi.json",
        "--url",
        fuzz_server.base_url,
        "--checks",
        CHECKS,
        "--max-examples",
        os.environ.get("FUZZ_MAX_EXAMPLES", "5"),
        "--seed",
        os.environ.get("FUZZ_SEED", "1"),
        "--phases",
        "examples,coverage,fuzzing",
        "--request-timeout",
        "20",
        "--no-color",
        *headers,
    ]
    result = subprocess.run(
        command, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=1800
    )
    assert result.returncode == 0, result.stdout[-20000:]
