"""Writing the standing settings."""

from __future__ import annotations

import json

from django.db import connection, transaction

from reelfake import reference
from reelfake.db import worlds
from toolkit.models import RequestRecord, StandingSettings


def _standing_changed() -> None:
    """Every process drops the standing settings it keeps with the reference lists
    (toolkit/selectors.py), when the caller's transaction commits."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_notify(%s, %s)", [reference.CHANNEL, worlds.current_world().schema]
        )


def standing_settings_set(
    *, fail_rate: float, fail_statuses: list[int], latency: str | None, routes: list[str]
) -> StandingSettings:
    with transaction.atomic():
        _standing_changed()
        row, _ = StandingSettings.objects.update_or_create(
            pk=StandingSettings.ROW_ID,
            defaults={
                "fail_rate": fail_rate,
                "fail_statuses": fail_statuses,
                "latency": latency,
                "routes": routes,
            },
        )
    return row


def standing_settings_clear() -> None:
    with transaction.atomic():
        _standing_changed()
        StandingSettings.objects.filter(pk=StandingSettings.ROW_ID).delete()


# Records are trimmed at every TRIM_EVERY-th insert only (between `keep` and
# `keep + TRIM_EVERY - 1` are kept): a DELETE with every insert cost a third of the insert.
TRIM_EVERY = 50


def request_record_add(*, fields: dict, keep: int) -> None:
    """One statement: the INSERT, and at every TRIM_EVERY-th record the DELETE of this world's
    records older than the last `keep` (ids grow per world; a gap left by a failed insert
    only keeps a few less). Its commit does not wait for the disk (synchronous_commit off for
    this transaction only): a crash may lose the last records of a debugging aid, and each
    recorded request saves the flush (docs/toolkit.md "Request inspector" for the numbers)."""
    columns = list(fields)
    values = [
        json.dumps(value) if column == "diagnoses" else value for column, value in fields.items()
    ]
    table = RequestRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH quick AS (SELECT set_config('synchronous_commit', 'off', true)), "
            f"new AS (INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(['%s'] * len(columns))} FROM quick RETURNING id) "
            f"DELETE FROM {table} WHERE (SELECT id FROM new) %% %s = 0 "
            "AND id <= (SELECT id FROM new) - %s",
            [*values, TRIM_EVERY, keep],
        )
