"""Writing the standing settings."""

from __future__ import annotations

import json

from django.db import connection

from toolkit.models import RequestRecord, StandingSettings


def standing_settings_set(
    *, fail_rate: float, fail_statuses: list[int], latency: str | None, routes: list[str]
) -> StandingSettings:
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
    StandingSettings.objects.filter(pk=StandingSettings.ROW_ID).delete()


def request_record_add(*, fields: dict, keep: int) -> None:
    """One INSERT that also drops this world's records older than the last `keep` (ids grow
    per world; a gap left by a failed insert only keeps a few less)."""
    columns = list(fields)
    values = [
        json.dumps(value) if column == "diagnoses" else value for column, value in fields.items()
    ]
    table = RequestRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH new AS (INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING id) "
            f"DELETE FROM {table} WHERE id <= (SELECT id FROM new) - %s",
            [*values, keep],
        )
