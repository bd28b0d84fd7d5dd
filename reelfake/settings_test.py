"""Test settings: the real PostgreSQL of settings.py, with a fast password hasher."""

from reelfake.settings import *  # noqa: F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.BCryptPasswordHasher",
]
