"""Writing the standing settings."""

from __future__ import annotations

from toolkit.models import StandingSettings


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
