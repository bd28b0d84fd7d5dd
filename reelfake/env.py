"""Strict readers for environment variables: a bad value stops start-up with a clear message."""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def load_env_file(path) -> None:
    """Read KEY=VALUE lines (# comments allowed) into os.environ, without overriding
    variables already set. `make` writes the local secrets to .env this way."""
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/yes/no/1/0, got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_required(name: str, *, unless: bool, default: str) -> str:
    """A secret that must be set, except when `unless` holds (debug mode), where `default`
    keeps a throw-away setup running."""
    value = env_str(name)
    if value is not None:
        return value
    if unless:
        return default
    raise ImproperlyConfigured(
        f"{name} must be set outside debug mode: `make` writes generated secrets to .env, "
        f"or set {name} in the environment."
    )


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices`, matched case-insensitively and returned as spelled there."""
    value = env_str(name, default)
    for choice in choices:
        if value.strip().lower() == choice.lower():
            return choice
    raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}")


SAMESITE_CHOICES = ("Lax", "Strict", "None")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def cookie_samesite(name: str, default: str, *, secure: bool, secure_name: str) -> str:
    """A cookie's SameSite attribute: Lax, Strict or None; None only on a Secure cookie, as
    browsers drop a `SameSite=None` cookie without `Secure` (docs/security.md "Settings
    checked at start")."""
    samesite = env_choice(name, default, SAMESITE_CHOICES)
    if samesite == "None" and not secure:
        raise ImproperlyConfigured(
            f"{name}=None requires {secure_name}=true: browsers refuse SameSite=None cookies "
            f"that are not Secure. Set {secure_name}=true (HTTPS), or {name}=Lax for a "
            "frontend on the same site."
        )
    return samesite


def env_regex_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list of regular expressions, each compiled once to fail here."""
    patterns = env_list(name, default)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ImproperlyConfigured(
                f"{name} holds an invalid regular expression {pattern!r}: {error}"
            ) from None
    return patterns


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_database_url(url: str) -> dict:
    """Turn postgres://user:pass@host:port/name?opt=v into a Django DATABASES entry.

    A socket directory may be given as ?host=/path (libpq style)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://, got {parts.scheme!r}"
        )
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = options.pop("host", None) or unquote(parts.hostname or "")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. .../reelfake")
    return {
        "ENGINE": "reelfake.db.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
    }
