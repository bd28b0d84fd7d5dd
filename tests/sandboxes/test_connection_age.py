"""A sandbox server keeps its database connections ten minutes: a reopened connection
learns again the catalog and plans of every sandbox it serves (docs/sandboxes.md "Many live
sandboxes: the measure, the schema changes, the connections")."""

import pytest

from tests.core.test_settings import manage, production_env  # noqa: F401

SCRIPT = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"


def conn_max_age(env: dict) -> str:
    result = manage("shell", "-c", SCRIPT, **env)
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(("sandboxes", "seconds"), [("true", "600"), ("false", "60")])
def test_database_connections_live_ten_minutes_with_sandboxes_on_and_one_without(
    production_env,  # noqa: F811
    sandboxes,
    seconds,
):
    assert conn_max_age({**production_env, "REELFAKE_SANDBOXES": sandboxes}) == seconds


def test_conn_max_age_in_the_environment_wins_with_sandboxes_on(production_env):  # noqa: F811
    env = {**production_env, "REELFAKE_SANDBOXES": "true", "CONN_MAX_AGE": "30"}
    assert conn_max_age(env) == "30"
