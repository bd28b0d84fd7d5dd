"""Failed-login throttling, per email and per client address, stored in PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from accounts.models import LoginFailure

MAX_FAILURES = 10
WINDOW = timedelta(minutes=5)
KEY_MAX_LENGTH = LoginFailure._meta.get_field("key").max_length


def _email_key(email: str) -> str:
    """`email:<address>`; an address too long for the key column (no account has one: emails
    are at most 100 characters) is throttled under its SHA-256 instead."""
    address = email.strip().lower()
    key = f"email:{address}"
    if len(key) <= KEY_MAX_LENGTH:
        return key
    return "email-sha256:" + hashlib.sha256(address.encode(errors="surrogatepass")).hexdigest()


def failure_keys(*, email: str | None, client_address: str | None) -> list[str]:
    keys = []
    if email:
        keys.append(_email_key(email))
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
