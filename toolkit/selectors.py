"""Reading the standing settings, cached per world for a moment: every request of a world
where they may be set looks at them, so most requests must not pay a query
(docs/toolkit.md "Standing settings"; bench/toolkit_bench.py measures the cost)."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from django.conf import settings

from toolkit.models import StandingSettings

DEFAULT_ROUTES = ["/api/*"]

_lock = threading.Lock()
# world key -> (monotonic expiry, Standing or None)
_cache: dict[str | None, tuple[float, Standing | None]] = {}


@dataclass(frozen=True)
class Standing:
    """The settings of one world, ready for the middleware."""

    fail_rate: float
    fail_statuses: tuple[int, ...]
    latency: str | None
    routes: tuple[str, ...]
    route_pattern: re.Pattern

    def applies_to(self, path: str) -> bool:
        return self.route_pattern.match(path.lower()) is not None


def routes_pattern(routes) -> re.Pattern:
    """Glob patterns where only `*` is special (any characters), matched case-insensitively
    against the whole path."""
    parts = [re.escape(route.lower()).replace(r"\*", ".*") for route in routes]
    return re.compile("^(?:" + "|".join(parts) + ")$") if parts else re.compile(r"(?!)")


def world_key(request) -> str | None:
    return getattr(request, "sandbox_id", None)


def standing_allowed(request) -> bool:
    """Standing settings exist in a sandbox, and in the main world only on a server without
    sandboxes where the local reset is allowed (docs/toolkit.md "Standing settings")."""
    if getattr(request, "sandbox_id", None) is not None:
        return True
    if getattr(settings, "REELFAKE_SANDBOXES", False):
        return False
    return bool(settings.DEBUG or getattr(settings, "REELFAKE_RESET", False))


def standing_settings_get() -> StandingSettings | None:
    return StandingSettings.objects.filter(pk=StandingSettings.ROW_ID).first()


def _standing_from(row: StandingSettings | None) -> Standing | None:
    if row is None:
        return None
    return Standing(
        fail_rate=row.fail_rate,
        fail_statuses=tuple(row.fail_statuses),
        latency=row.latency,
        routes=tuple(row.routes),
        route_pattern=routes_pattern(row.routes),
    )


def standing_settings_cached(key: str | None) -> Standing | None:
    """The settings of the current world, read at most once per
    REELFAKE_TOOLKIT_SETTINGS_TTL_MS per process (a change made on another process shows
    within that time)."""
    now = time.monotonic()
    entry = _cache.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]
    standing = _standing_from(standing_settings_get())
    with _lock:
        _cache[key] = (now + settings.REELFAKE_TOOLKIT_SETTINGS_TTL_MS / 1000, standing)
    return standing


def standing_settings_forget(key: str | None = None, *, everything: bool = False) -> None:
    """Drop the cached settings of one world (after a change here), or of all."""
    with _lock:
        if everything:
            _cache.clear()
        else:
            _cache.pop(key, None)
