"""Reading the standing settings, cached per world for a moment: every request of a world
where they may be set looks at them, so most requests must not pay a query
(docs/toolkit.md "Standing settings"; bench/toolkit_bench.py measures the cost)."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Q

from reelfake.db import worlds
from reelfake.reference import reference_forget, reference_items, reference_kept
from toolkit.models import Event, RequestRecord, StandingSettings

DEFAULT_ROUTES = ["/api/*"]
# Their name among the reference lists of a world (reelfake/reference.py).
STANDING_KEPT = "toolkit-standing"
RECORDS_KEPT = 500
LOGIN_PATH = "/api/auth/login"

_lock = threading.Lock()
# world key -> (monotonic expiry, Standing or None)
_cache: dict[str | None, tuple[float, Standing | None]] = {}


def _now() -> float:
    """The clock of the settings' cache, time.monotonic() (tests pin or move it)."""
    return time.monotonic()


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


def _standing_kept_items() -> tuple[Standing | None]:
    return (_standing_from(standing_settings_get()),)


def standing_settings_cached(key: str | None) -> Standing | None:
    """The settings of the current world (`key` names it for the fallback below).

    While this process keeps the reference lists (reelfake/reference.py), they are kept with
    them, per world schema, until a change notifies every process (toolkit/services.py; a
    reset or fill of a world notifies too, and a sandbox reset from the pool is a new
    schema). Otherwise they are read at most once per REELFAKE_TOOLKIT_SETTINGS_TTL_MS per
    process and world (a change made on another process shows within that time), and so
    inside a transaction, where nothing read is kept. With many live sandboxes each one's
    TTL entry had expired by its next request: one more query on nearly every request
    (docs/sandboxes.md "Many live sandboxes")."""
    # The connection read from the thread's storage, not through Django's `connection` proxy
    # nor `connections[...]` (a look-up in asgiref's Local on every sandbox request:
    # docs/sandboxes.md "Routing overhead, third pass").
    if reference_kept() and not worlds.default_connection().in_atomic_block:
        return reference_items(STANDING_KEPT, _standing_kept_items)[0]
    now = _now()
    entry = _cache.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]
    standing = _standing_from(standing_settings_get())
    with _lock:
        _cache[key] = (now + settings.REELFAKE_TOOLKIT_SETTINGS_TTL_MS / 1000, standing)
    return standing


def standing_settings_forget(key: str | None = None, *, everything: bool = False) -> None:
    """Drop the cached settings of the current world (`key` names it; after a change here), or
    of all; and this process's kept lists of that world (of all), before the change's
    notification arrives."""
    reference_forget(None if everything else worlds.current_world().schema)
    with _lock:
        if everything:
            _cache.clear()
        else:
            _cache.pop(key, None)


def inspector_allowed(request) -> bool:
    """The inspector shows a world's requests: a sandbox's to whoever uses it; the main world's
    only on a server without sandboxes that allows the local reset (a shared world would show
    other people's requests)."""
    return standing_allowed(request)


def request_record_list(*, after_id=None, limit=None):
    """This world's recorded requests, newest first: all of them, or the `limit` newest (at
    most RECORDS_KEPT); after the record `after_id` when given."""
    records = RequestRecord.objects.all()
    if after_id is not None:
        records = records.filter(id__gt=after_id)
    records = records.order_by("-id")
    return records if limit is None else records[: min(limit, RECORDS_KEPT)]


def request_record_last_login_at():
    """When this world last answered a login with 200, among the kept records."""
    return (
        RequestRecord.objects.filter(path__startswith=LOGIN_PATH, method="POST", status=200)
        .order_by("-id")
        .values_list("at", flat=True)
        .first()
    )


def event_visibility(user) -> Q:
    """Customers: catalog events and their own cart, wishlist and rental events. Staff and
    managers: catalog events, their store's events, events for all staff, and their own
    (docs/toolkit.md "Live events")."""
    if user.is_customer:
        return Q(public=True) | Q(customer_id=user.id)
    visible = Q(public=True) | Q(staff_wide=True) | Q(staff_id=user.id)
    if user.store_id is not None:
        visible |= Q(store_id=user.store_id)
    return visible


def event_list_visible(*, user, after_id: int, limit: int = 100):
    return Event.objects.filter(event_visibility(user), id__gt=after_id).order_by("id")[:limit]


def event_last_id() -> int:
    return Event.objects.aggregate(last=Max("id"))["last"] or 0
