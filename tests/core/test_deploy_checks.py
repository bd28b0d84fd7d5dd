"""`manage.py check --deploy` refuses a public server that hands out every account through
the open password reset (docs/security.md "Public servers"), and HTTPS=true makes the admin's
session and CSRF cookies Secure."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from reelfake.checks import E001
from tests.core.test_settings import manage, public_server_env

PUBLIC = {"REELFAKE_OPEN_PASSWORD_RESET": True, "ALLOWED_HOSTS": ["api.example.com"]}


@pytest.fixture
def public_env(db):
    """The production configuration, open reset left at its default (on)."""
    return public_server_env()


def deploy_check_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


@override_settings(**PUBLIC)
def test_open_reset_on_a_public_host_fails_the_deploy_check():
    errors = [m for m in run_checks(include_deployment_checks=True) if m.id == E001]
    assert len(errors) == 1
    assert errors[0].is_serious()
    assert "api.example.com" in errors[0].msg


@override_settings(REELFAKE_OPEN_PASSWORD_RESET=True, ALLOWED_HOSTS=["*"])
def test_any_host_counts_as_public():
    assert E001 in deploy_check_ids()


@override_settings(
    REELFAKE_OPEN_PASSWORD_RESET=True,
    ALLOWED_HOSTS=["localhost", "127.0.0.1", "[::1]", "testserver"],
)
def test_open_reset_on_local_hosts_only_passes():
    assert E001 not in deploy_check_ids()


@override_settings(**{**PUBLIC, "REELFAKE_OPEN_PASSWORD_RESET": False})
def test_a_public_host_without_open_reset_passes():
    assert E001 not in deploy_check_ids()


@override_settings(**PUBLIC, REELFAKE_SANDBOXES=True)
def test_open_reset_inside_sandboxes_passes():
    assert E001 not in deploy_check_ids()


@override_settings(**PUBLIC)
def test_the_check_runs_only_with_deploy():
    ids = {message.id for message in run_checks(include_deployment_checks=False)}
    assert E001 not in ids


def test_manage_check_deploy_fails_with_the_open_reset_on_a_public_host(public_env):
    result = manage("check", "--deploy", **public_env)
    assert result.returncode != 0
    assert f"({E001})" in result.stderr
    assert "api.example.com" in result.stderr


@pytest.mark.parametrize("https", ["true", "false"])
def test_admin_session_and_csrf_cookies_are_secure_exactly_under_https(public_env, https):
    script = (
        "from django.conf import settings; "
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    result = manage("shell", "-c", script, **{**public_env, "HTTPS": https})
    assert result.returncode == 0, result.stderr
    expected = "True True" if https == "true" else "False False"
    assert result.stdout.strip().splitlines()[-1] == expected
