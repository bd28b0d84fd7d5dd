"""Writes of the sandbox registry: create, reset, delete, purge, and the warm pool
(docs/sandboxes.md). The schema work itself is reelfake/db/worlds.py."""

from __future__ import annotations

import logging
import math
import secrets
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from reelfake.db import worlds
from reelfake.exceptions import ApplicationError
from sandboxes import routes
from sandboxes.models import Sandbox, SandboxCreation
from sandboxes.selectors import key_hash, sandbox_creation_wait

logger = logging.getLogger(__name__)

# pg_advisory locks (class 0x5bx = "sandbox"): creations, the template build, maintenance.
CREATE_LOCK = 0x5B0001
TEMPLATE_LOCK = 0x5B0002
MAINTAIN_LOCK = 0x5B0003

# Schema DDL reaches every server process of the database: a CREATE or DROP SCHEMA (a row of
# pg_namespace) makes each process mark every cached plan it holds, the prepared statements
# of every sandbox it served included, to be planned again at its next run (docs/sandboxes.md
# "Many live sandboxes: the measure, the schema changes, the connections"). So the pool's
# filler clones the schemas it lacks in one transaction (at most POOL_FILL_BATCH: each clone
# takes about a second and ~140 relation locks) and the purge drops schemas in transactions
# of at most DROP_BATCH: the processes see one change per batch, not one per schema.
POOL_FILL_BATCH = 4
DROP_BATCH = 8

MSG_RATE = "Too many sandboxes created from this address; try again in {seconds} seconds"
MSG_FULL = "The server holds its maximum of {max} sandboxes; try again in {seconds} seconds"


def new_key() -> str:
    """32 URL-safe characters: 192 random bits."""
    return secrets.token_urlsafe(24)


def new_schema_name() -> str:
    return worlds.SANDBOX_SCHEMA_PREFIX + secrets.token_hex(12)


def _lock(key: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _try_lock(key: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        return cursor.fetchone()[0]


def ensure_template() -> str:
    """The template fingerprint; the template is (re)built first when missing or built from
    older schema sources. Instances agree through an advisory lock."""
    scale = settings.SANDBOX_SEED_SCALE
    if not worlds.template_is_current(scale):
        with transaction.atomic():
            _lock(TEMPLATE_LOCK)
            if not worlds.template_is_current(scale):
                worlds.build_template(scale=scale)
    return worlds.fingerprint()


def _idle_delta() -> timedelta:
    return timedelta(hours=settings.SANDBOX_IDLE_HOURS)


def _routes_changed(sandbox_id: int) -> None:
    """Every process forgets the route it remembers to this sandbox when the caller's
    transaction commits (sandboxes/routes.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [routes.CHANNEL, str(sandbox_id)])


def _retire(sandbox: Sandbox, now) -> None:
    """Deleted, evicted or expired: its key enters nothing any more."""
    sandbox.key_hash = None
    sandbox.retired_at = now
    sandbox.save(update_fields=["key_hash", "retired_at"])
    _routes_changed(sandbox.id)


def _take_from_pool(fingerprint: str) -> Sandbox | None:
    taken = (
        Sandbox.objects.select_for_update(skip_locked=True)
        .filter(key_hash__isnull=True, retired_at__isnull=True, fingerprint=fingerprint)
        .order_by("id")
        .first()
    )
    if taken is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{taken.schema_name}".{worlds.QUOTA_TABLE} SET used = 0, quota = %s',
                [settings.SANDBOX_ROW_QUOTA],
            )
    return taken


def _cold_clone(fingerprint: str, now) -> Sandbox:
    schema = new_schema_name()
    worlds.clone_world(schema, quota=settings.SANDBOX_ROW_QUOTA)
    return Sandbox(schema_name=schema, fingerprint=fingerprint, created_at=now)


def _check_rate(address: str, now) -> None:
    """The creation limit, under the creation lock (SandboxCreationThrottle refuses early,
    without the lock; this is the check two requests at once cannot both pass)."""
    SandboxCreation.objects.filter(created_at__lt=now - timedelta(hours=1)).delete()
    if wait := sandbox_creation_wait(address, now):
        raise rate_limited(wait)


def rate_limited(wait: int) -> ApplicationError:
    return ApplicationError(
        MSG_RATE.format(seconds=wait), status=429, headers={"Retry-After": str(wait)}
    )


def _make_room(now) -> None:
    """Evict the longest-idle sandbox when the server is full, unless even that one was used
    within SANDBOX_EVICT_IDLE_MINUTES (then 503 with the wait)."""
    live = Sandbox.objects.filter(key_hash__isnull=False)
    if live.count() < settings.SANDBOX_MAX:
        return
    idlest = live.select_for_update().order_by("last_used_at", "id").first()
    protected = timedelta(minutes=settings.SANDBOX_EVICT_IDLE_MINUTES)
    if idlest.last_used_at > now - protected:
        wait = max(1, math.ceil((idlest.last_used_at + protected - now).total_seconds()))
        raise ApplicationError(
            MSG_FULL.format(max=settings.SANDBOX_MAX, seconds=wait),
            status=503,
            headers={"Retry-After": str(wait)},
        )
    logger.info("sandbox %s evicted (idle since %s)", idlest.id, idlest.last_used_at)
    _retire(idlest, now)


def sandbox_create(*, address: str) -> tuple[Sandbox, str]:
    """A new sandbox holding the seeded data set and its key (shown once: only its hash is
    stored). Taken from the warm pool when it has one, else cloned from the template."""
    fingerprint = ensure_template()
    with transaction.atomic():
        _lock(CREATE_LOCK)
        now = timezone.now()
        _check_rate(address, now)
        _make_room(now)
        sandbox = _take_from_pool(fingerprint) or _cold_clone(fingerprint, now)
        key = new_key()
        sandbox.key_hash = key_hash(key)
        sandbox.created_at = now
        sandbox.last_used_at = now
        sandbox.expires_at = now + _idle_delta()
        sandbox.creator_address = address[:64]
        sandbox.save()
        SandboxCreation.objects.create(address=address[:64], created_at=now)
    schedule_maintenance()
    return sandbox, key


def sandbox_touch(sandbox_id: int) -> None:
    """Record a use (the middleware calls it at most once a minute per sandbox), inside the
    sandbox's request: without waiting for the disk (docs/sandboxes.md "Durability")."""
    now = timezone.now()
    Sandbox.objects.filter(id=sandbox_id, key_hash__isnull=False).update(
        last_used_at=now, expires_at=now + _idle_delta()
    )


def sandbox_reset(*, sandbox_id: int) -> Sandbox:
    """Back to the seeded rows: a warm schema from the pool replaces the sandbox's (the old
    one is retired), else the rows are copied again in place. Tokens stay valid."""
    fingerprint = ensure_template()
    with transaction.atomic():
        sandbox = Sandbox.objects.select_for_update().get(id=sandbox_id, key_hash__isnull=False)
        now = timezone.now()
        fresh = _take_from_pool(fingerprint)
        if fresh is not None:
            old_schema = sandbox.schema_name
            sandbox.schema_name, fresh.schema_name = fresh.schema_name, old_schema
            sandbox.fingerprint = fresh.fingerprint
            fresh.retired_at = now
            # The two rows swap schemas; unique names forbid a direct swap in two UPDATEs.
            fresh.schema_name = f"retiring_{fresh.id}"
            fresh.save(update_fields=["schema_name", "retired_at"])
            sandbox.save(update_fields=["schema_name", "fingerprint"])
            fresh.schema_name = old_schema
            fresh.save(update_fields=["schema_name"])
        else:
            worlds.fill_world(sandbox.schema_name, changed_only=True)
        sandbox.last_used_at = now
        sandbox.expires_at = now + _idle_delta()
        sandbox.resets += 1
        sandbox.save(update_fields=["last_used_at", "expires_at", "resets"])
        _routes_changed(sandbox.id)
    schedule_maintenance()
    return sandbox


def sandbox_delete(*, sandbox_id: int) -> None:
    with transaction.atomic():
        sandbox = Sandbox.objects.select_for_update().get(id=sandbox_id, key_hash__isnull=False)
        _retire(sandbox, timezone.now())


def main_world_reset() -> None:
    """The main world's rows back to the seeded data set (the template's), login failures and
    upload jobs emptied; accounts of Django's admin stay."""
    ensure_template()
    worlds.fill_world(worlds.MAIN_SCHEMA)


def sandbox_purge(*, grace_seconds: int | None = None) -> dict[str, int]:
    """Retire expired sandboxes and those cloned from older schema sources; drop retired
    schemas after their grace period, pool schemas of an older template, and schemas no
    registry row names. Returns what it did. Each schema is dropped in its own transaction (a
    schema holds a hundred objects to lock), rows locked with SKIP LOCKED so that instances
    purging at once share the work."""
    grace = timedelta(
        seconds=settings.SANDBOX_DROP_GRACE_SECONDS if grace_seconds is None else grace_seconds
    )
    done = {"expired": 0, "dropped": 0}
    fingerprint = worlds.fingerprint()
    now = timezone.now()
    with transaction.atomic():
        outdated = Q(expires_at__lte=now) | ~Q(fingerprint=fingerprint)
        for sandbox in Sandbox.objects.select_for_update(skip_locked=True).filter(
            outdated, key_hash__isnull=False
        ):
            _retire(sandbox, now)
            done["expired"] += 1
        Sandbox.objects.filter(key_hash__isnull=True, retired_at__isnull=True).exclude(
            fingerprint=fingerprint
        ).update(retired_at=now - grace)
    doomed = Sandbox.objects.filter(key_hash__isnull=True, retired_at__lte=now - grace)
    doomed_ids = list(doomed.values_list("id", flat=True))
    for first in range(0, len(doomed_ids), DROP_BATCH):
        with transaction.atomic():
            batch = doomed.select_for_update(skip_locked=True).filter(
                id__in=doomed_ids[first : first + DROP_BATCH]
            )
            for sandbox in batch:
                worlds.drop_world(sandbox.schema_name)
                sandbox.delete()
                done["dropped"] += 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s "
            "AND nspname NOT IN (SELECT schema_name FROM sandbox)",
            [worlds.SANDBOX_SCHEMA_PREFIX.replace("_", r"\_") + "%"],
        )
        orphans = [row[0] for row in cursor.fetchall() if worlds.is_sandbox_schema(row[0])]
    for first in range(0, len(orphans), DROP_BATCH):
        with transaction.atomic():
            for schema in orphans[first : first + DROP_BATCH]:
                # Seen again under a newer snapshot: a schema and its row commit together,
                # and the catalog may have shown a schema whose row the query above could
                # not see yet.
                if Sandbox.objects.filter(schema_name=schema).exists():
                    continue
                worlds.drop_world(schema)
                done["dropped"] += 1
    return done


def pool_fill(*, size: int | None = None) -> int:
    """Clone schemas into the warm pool until it holds `size` (SANDBOX_POOL_SIZE); returns
    how many were added. The missing ones are cloned together, in transactions of at most
    POOL_FILL_BATCH (above: one schema change for the server's processes per batch). One
    filler at a time across instances."""
    wanted = settings.SANDBOX_POOL_SIZE if size is None else size
    fingerprint = ensure_template()
    added = 0
    while True:
        with transaction.atomic():
            if not _try_lock(MAINTAIN_LOCK):
                return added
            have = Sandbox.objects.filter(
                key_hash__isnull=True, retired_at__isnull=True, fingerprint=fingerprint
            ).count()
            if have >= wanted:
                return added
            batch = []
            for _ in range(min(wanted - have, POOL_FILL_BATCH)):
                sandbox = _cold_clone(fingerprint, timezone.now())
                sandbox.save()
                batch.append(sandbox)
        for sandbox in batch:
            worlds.settle_world(sandbox.schema_name)
        added += len(batch)


def pool_refill() -> int:
    """The background maintenance's fill: only once the pool is down to half its size
    (SANDBOX_POOL_SIZE // 2), then back to full in one go, so that creations taking schemas
    one by one cause one batch of schema changes per half a pool, not one per creation."""
    fingerprint = ensure_template()
    have = Sandbox.objects.filter(
        key_hash__isnull=True, retired_at__isnull=True, fingerprint=fingerprint
    ).count()
    if have > settings.SANDBOX_POOL_SIZE // 2:
        return 0
    return pool_fill()


# Maintenance in the background -----------------------------------------------------------------

_last_maintenance = 0.0
_maintenance_lock = threading.Lock()


def _maintain() -> None:
    try:
        sandbox_purge()
        pool_refill()
    except Exception:
        logger.exception("sandbox maintenance failed")
    finally:
        connections.close_all()


def maintain_on_request(sender, **kwargs) -> None:
    """request_started receiver (sandboxes/apps.py): with sandboxes on, every request may
    start the once-a-minute maintenance."""
    if settings.REELFAKE_SANDBOXES:
        schedule_maintenance(force=False)


def schedule_maintenance(*, force: bool = True) -> None:
    """Refill the pool and purge, in a background thread (at most one per process at a time;
    unforced calls at most once a minute). Off with SANDBOX_BACKGROUND=false (tests)."""
    global _last_maintenance
    if not settings.SANDBOX_BACKGROUND:
        return
    now = time.monotonic()
    if not force and now - _last_maintenance < 60:
        return
    if not _maintenance_lock.acquire(blocking=False):
        return
    _last_maintenance = now

    def run():
        try:
            _maintain()
        finally:
            _maintenance_lock.release()

    threading.Thread(target=run, name="sandbox-maintenance", daemon=True).start()
