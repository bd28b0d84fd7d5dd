"""Reads of the sandbox registry."""

from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection

from reelfake.db import worlds
from sandboxes.models import Sandbox, SandboxCreation


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class Entered:
    id: int
    schema: str
    last_used_at: datetime
    resets: int
    # Kept with a remembered route: it is never used past this (sandboxes/routes.py).
    expires_at: datetime | None = None
    # A remembered route to a sandbox still holding the template's rows when it was looked
    # up: worlds.World's copy_of and changes_seen (sandboxes/routes.py).
    copy_of: str | None = None
    changes_seen: int = -1  # routes.UNCHECKED

    @functools.cached_property
    def world(self) -> worlds.World:
        """Made once per remembered route, not per request."""
        return worlds.World(
            id=f"s{self.id}",
            schema=self.schema,
            copy_of=self.copy_of,
            changes_seen=self.changes_seen,
        )

    @functools.cached_property
    def last_used_seconds(self) -> float:
        """last_used_at as seconds since the epoch: compared with time.time() on each request
        (a float comparison; timezone.now() and datetime arithmetic cost microseconds)."""
        return self.last_used_at.timestamp()

    @functools.cached_property
    def expires_seconds(self) -> float | None:
        return None if self.expires_at is None else self.expires_at.timestamp()


def sandbox_enter(key: str) -> Entered | None:
    """The live sandbox behind `key`, its schema made the connection's search path by the
    same query (one round trip per sandbox request); None for an unknown or expired key."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, schema_name, last_used_at, resets, expires_at, "
            "set_config('search_path', quote_ident(schema_name) || ', public', false), "
            "set_config('synchronous_commit', %s, false) "
            "FROM sandbox WHERE key_hash = %s AND expires_at > statement_timestamp() "
            # A sandbox cloned from older schema sources may lack a table: its search path
            # would fall through to the main world's. It is not entered (docs/sandboxes.md).
            "AND fingerprint = %s",
            [worlds.SANDBOX_SYNCHRONOUS_COMMIT, key_hash(key), worlds.fingerprint()],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    worlds.switched_to(connection, row[1])
    return Entered(id=row[0], schema=row[1], last_used_at=row[2], resets=row[3], expires_at=row[4])


def sandbox_generation(sandbox_id: int) -> tuple[str, int] | None:
    """(schema, resets) of a live sandbox; None once it is deleted or expired."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schema_name, resets FROM sandbox WHERE id = %s AND key_hash IS NOT NULL "
            "AND expires_at > statement_timestamp()",
            [sandbox_id],
        )
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def sandbox_get(sandbox_id: int) -> Sandbox:
    return Sandbox.objects.get(id=sandbox_id, key_hash__isnull=False)


def live_sandboxes():
    return Sandbox.objects.filter(key_hash__isnull=False).order_by("id")


def pool_size(fingerprint: str) -> int:
    return Sandbox.objects.filter(
        key_hash__isnull=True, retired_at__isnull=True, fingerprint=fingerprint
    ).count()


def sandbox_creation_wait(address: str, now: datetime) -> int:
    """Seconds until `address` may create another sandbox (SANDBOX_CREATES_PER_HOUR), 0 when
    it may now."""
    hour = timedelta(hours=1)
    limit = settings.SANDBOX_CREATES_PER_HOUR
    recent = list(
        SandboxCreation.objects.filter(address=address, created_at__gte=now - hour)
        .order_by("created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return 0
    return max(1, math.ceil((recent[0] + hour - now).total_seconds()))
