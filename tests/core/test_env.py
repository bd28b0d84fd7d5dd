"""Strict environment readers and DATABASE_URL parsing."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from reelfake.env import env_bool, env_int, env_list, parse_database_url


def test_database_url_with_host_and_port():
    assert parse_database_url("postgres://rf:s%40cret@db.example:5433/reelfake") == {
        "ENGINE": "reelfake.db.postgresql",
        "NAME": "reelfake",
        "USER": "rf",
        "PASSWORD": "s@cret",
        "HOST": "db.example",
        "PORT": "5433",
        "OPTIONS": {},
    }


def test_database_url_with_socket_directory_and_options():
    config = parse_database_url("postgresql://postgres@/reelfake?host=/tmp/pg&sslmode=disable")
    assert config["HOST"] == "/tmp/pg"
    assert config["OPTIONS"] == {"sslmode": "disable"}


def test_database_url_must_be_postgres():
    with pytest.raises(ImproperlyConfigured, match="postgres://"):
        parse_database_url("sqlite:///db.sqlite3")


def test_database_url_must_name_a_database():
    with pytest.raises(ImproperlyConfigured, match="name a database"):
        parse_database_url("postgres://user@localhost:5432/")


def test_env_bool_rejects_unknown_values(monkeypatch):
    monkeypatch.setenv("REELFAKE_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="REELFAKE_FLAG"):
        env_bool("REELFAKE_FLAG", False)


@pytest.mark.parametrize("raw, expected", [("yes", True), ("0", False), ("TRUE", True)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("REELFAKE_FLAG", raw)
    assert env_bool("REELFAKE_FLAG", not expected) is expected


def test_env_int_rejects_non_integers(monkeypatch):
    monkeypatch.setenv("REELFAKE_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="integer"):
        env_int("REELFAKE_NUMBER", 1)


def test_env_int_enforces_minimum(monkeypatch):
    monkeypatch.setenv("REELFAKE_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("REELFAKE_NUMBER", 1, minimum=0)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("REELFAKE_LIST", " a.example , ,b.example")
    assert env_list("REELFAKE_LIST", []) == ["a.example", "b.example"]


def test_unset_variables_take_defaults(monkeypatch):
    monkeypatch.delenv("REELFAKE_UNSET", raising=False)
    assert env_int("REELFAKE_UNSET", 7) == 7
    assert env_list("REELFAKE_UNSET", ["x"]) == ["x"]
