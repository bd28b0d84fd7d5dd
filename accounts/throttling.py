"""Failed-login throttling, per email and per client address, stored in PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from accounts.models import LoginFailure

MAX_FAILURES = 10
WINDOW = timedelta(minutes=5)


def failure_keys(*, email: str | None, client_address: str | None) -> list[str]:
    keys = []
    if email:
        keys.append(f"email:{email.strip().lower()}")
    if client_address:
        keys.append(f"ip:{client_address}")
    return keys


def login_retry_after(keys: list[str]) -> int | None:
    """Seconds until a login may be tried again, or None when not throttled."""
    since = timezone.now() - WINDOW
    longest = None
    for key in keys:
        recent = LoginFailure.objects.filter(key=key, failed_at__gte=since)
        if recent.count() >= MAX_FAILURES:
            oldest = recent.aggregate(oldest=Min("failed_at"))["oldest"]
            wait = int((oldest + WINDOW - timezone.now()).total_seconds()) + 1
            longest = max(longest or 0, wait)
    return longest


def login_failure_record(keys: list[str]) -> None:
    LoginFailure.objects.bulk_create([LoginFailure(key=key) for key in keys])
    LoginFailure.objects.filter(failed_at__lt=timezone.now() - WINDOW).delete()
