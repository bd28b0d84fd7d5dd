"""Upload settings (declared in reelfake/settings.py from the environment), read at call time
so tests can override them."""

from __future__ import annotations

from django.conf import settings

MB = 1024 * 1024


def max_upload_bytes() -> int:
    """Largest accepted CSV (413 above it)."""
    return settings.REELFAKE_UPLOAD_MAX_BYTES


def max_upload_rows() -> int:
    """Most data rows in one CSV (bounds the time and memory of one request)."""
    return settings.REELFAKE_UPLOAD_MAX_ROWS


def job_ttl_seconds() -> int:
    """How long a tracked job is kept after its last activity."""
    return settings.REELFAKE_UPLOAD_JOB_TTL_SECONDS


def heartbeat_seconds() -> float:
    """An SSE comment is sent when the stream has been silent this long."""
    return settings.REELFAKE_SSE_HEARTBEAT_SECONDS


def retry_ms() -> int:
    """The reconnection delay an EventSource is told to use."""
    return settings.REELFAKE_SSE_RETRY_MS


def max_stream_seconds() -> int:
    """The longest one tracking stream may hold its thread (docs/security.md "Delays and
    streams")."""
    return settings.REELFAKE_SSE_MAX_STREAM_SECONDS


def max_pending_jobs() -> int:
    """Tracked jobs one user may have pending (not finished, not expired) at once."""
    return settings.REELFAKE_UPLOAD_MAX_PENDING_JOBS
