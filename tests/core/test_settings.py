"""Production configuration: strict secrets and a clean `check --deploy`."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.core.test_schema import database_url


def manage(*args, **env):
    base = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        # The developer's .env must not supply what a test leaves out.
        "REELFAKE_ENV_FILE": os.devnull,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
    )


def public_server_env() -> dict:
    """A public server's environment on the test database, open reset left at its default."""
    return {
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "JWT_SECRET": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "api.example.com",
        "HTTPS": "true",
    }


@pytest.fixture
def production_env(db):
    # A public host: the open password reset must be off (docs/security.md).
    return {**public_server_env(), "REELFAKE_OPEN_PASSWORD_RESET": "false"}


def test_deploy_check_passes_for_the_production_configuration(production_env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize("secret", ["SECRET_KEY", "JWT_SECRET"])
def test_server_refuses_to_start_without_a_secret_outside_debug(production_env, secret):
    del production_env[secret]
    result = manage("check", **production_env)
    assert result.returncode != 0
    assert f"{secret} must be set outside debug mode" in result.stderr


def test_debug_mode_starts_without_secrets(production_env):
    del production_env["SECRET_KEY"], production_env["JWT_SECRET"]
    result = manage("check", **{**production_env, "DEBUG": "true"})
    assert result.returncode == 0, result.stderr


def test_bad_boolean_setting_stops_start_up(production_env):
    result = manage("check", **{**production_env, "HTTPS": "sometimes"})
    assert result.returncode != 0
    assert "HTTPS must be one of true/false" in result.stderr
