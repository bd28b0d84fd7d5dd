"""Enumerated settings are checked when the server starts: a bad value stops it with a clear
message instead of failing later (docs/security.md "Settings checked at start")."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from reelfake.env import LOG_LEVELS, cookie_samesite, env_choice, env_regex_list
from tests.core.test_settings import manage, production_env  # noqa: F401


@pytest.mark.parametrize("raw, expected", [("Lax", "Lax"), ("strict", "Strict"), ("NONE", "None")])
def test_samesite_reads_the_three_values_in_any_case(monkeypatch, raw, expected):
    monkeypatch.setenv("AUTH_COOKIE_SAMESITE", raw)
    samesite = cookie_samesite(
        "AUTH_COOKIE_SAMESITE", "None", secure=True, secure_name="AUTH_COOKIE_SECURE"
    )
    assert samesite == expected


def test_samesite_refuses_other_values(monkeypatch):
    monkeypatch.setenv("AUTH_COOKIE_SAMESITE", "Loose")
    with pytest.raises(ImproperlyConfigured) as error:
        cookie_samesite(
            "AUTH_COOKIE_SAMESITE", "None", secure=True, secure_name="AUTH_COOKIE_SECURE"
        )
    assert str(error.value) == "AUTH_COOKIE_SAMESITE must be one of Lax, Strict, None, got 'Loose'"


def test_samesite_none_requires_a_secure_cookie(monkeypatch):
    monkeypatch.setenv("AUTH_COOKIE_SAMESITE", "None")
    with pytest.raises(ImproperlyConfigured) as error:
        cookie_samesite(
            "AUTH_COOKIE_SAMESITE", "None", secure=False, secure_name="AUTH_COOKIE_SECURE"
        )
    assert str(error.value) == (
        "AUTH_COOKIE_SAMESITE=None requires AUTH_COOKIE_SECURE=true: browsers refuse "
        "SameSite=None cookies that are not Secure. Set AUTH_COOKIE_SECURE=true (HTTPS), or "
        "AUTH_COOKIE_SAMESITE=Lax for a frontend on the same site."
    )


def test_samesite_lax_needs_no_secure_cookie(monkeypatch):
    monkeypatch.setenv("AUTH_COOKIE_SAMESITE", "Lax")
    samesite = cookie_samesite(
        "AUTH_COOKIE_SAMESITE", "None", secure=False, secure_name="AUTH_COOKIE_SECURE"
    )
    assert samesite == "Lax"


def test_log_level_refuses_unknown_levels(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "verbose")
    with pytest.raises(ImproperlyConfigured) as error:
        env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)
    assert str(error.value) == (
        "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'verbose'"
    )


def test_log_level_is_read_in_any_case(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "warning")
    assert env_choice("LOG_LEVEL", "INFO", LOG_LEVELS) == "WARNING"


def test_origin_patterns_must_be_regular_expressions(monkeypatch):
    monkeypatch.setenv("CORS_ALLOWED_ORIGIN_REGEXES", r"^https://(app|admin\.example\.com$")
    with pytest.raises(ImproperlyConfigured) as error:
        env_regex_list("CORS_ALLOWED_ORIGIN_REGEXES", [])
    assert str(error.value).startswith(
        "CORS_ALLOWED_ORIGIN_REGEXES holds an invalid regular expression "
        r"'^https://(app|admin\\.example\\.com$'"
    )


def test_server_refuses_to_start_with_samesite_none_on_an_insecure_cookie(production_env):  # noqa: F811
    env = {**production_env, "AUTH_COOKIE_SAMESITE": "None", "AUTH_COOKIE_SECURE": "false"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "AUTH_COOKIE_SAMESITE=None requires AUTH_COOKIE_SECURE=true" in result.stderr


def test_server_refuses_to_start_with_an_unknown_samesite(production_env):  # noqa: F811
    result = manage("check", **{**production_env, "AUTH_COOKIE_SAMESITE": "lox"})
    assert result.returncode != 0
    assert "AUTH_COOKIE_SAMESITE must be one of Lax, Strict, None, got 'lox'" in result.stderr
