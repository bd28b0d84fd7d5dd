"""Failed-login accounting, shared by the API login and the admin sign-in (docs/security.md
"Failed logins"), stored in PostgreSQL so every worker and host counts alike.

Three buckets, each with its own limit within one window: the account (the email tried,
whether or not an account has it, so a 429 tells nothing about which emails exist), the
(account, client address) pair, and the client address alone, whose limit sits far above
what a test suite produces so that a shared address (an office, a proxy) is not locked out.

Check and record are one step: an attempt inserts its rows first, then counts the rows of its
buckets, its own included. The k-th attempt to commit its rows sees at least k, so of any
number of concurrent attempts at most the limit get to check a password; a refused attempt
takes its rows back, and a successful one too (only failures count)."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from accounts.models import LoginFailure

KEY_MAX_LENGTH = LoginFailure._meta.get_field("key").max_length


def window() -> timedelta:
    return timedelta(seconds=settings.REELFAKE_LOGIN_FAILURE_WINDOW_SECONDS)


def _key(kind: str, value: str) -> str:
    """`<kind>:<value>`; a value too long for the key column (an email of hundreds of
    characters: no account has one) is counted under its SHA-256 instead."""
    key = f"{kind}:{value}"
    if len(key) <= KEY_MAX_LENGTH:
        return key
    return f"{kind}-sha256:" + hashlib.sha256(value.encode(errors="surrogatepass")).hexdigest()


def bucket_limits(*, email: str | None, client_address: str) -> dict[str, int]:
    """The buckets an attempt counts in, each with its limit."""
    limits = {_key("client", client_address): settings.REELFAKE_LOGIN_FAILURES_PER_CLIENT}
    if email:
        account = email.strip().lower()
        limits[_key("account", account)] = settings.REELFAKE_LOGIN_FAILURES_PER_ACCOUNT
        limits[_key("pair", f"{client_address} {account}")] = (
            settings.REELFAKE_LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT
        )
    return limits


@dataclass
class LoginAttempt:
    """An attempt that holds its place in its buckets (`row_ids`), or a refused one
    (`retry_after` seconds until a login may be tried again)."""

    row_ids: list[int] = field(default_factory=list)
    retry_after: int | None = None


def login_attempt_begin(*, email: str | None, client_address: str) -> LoginAttempt:
    """Count an attempt in its buckets before its password is checked. Runs in autocommit
    (each statement commits), so concurrent attempts see each other's rows."""
    limits = bucket_limits(email=email, client_address=client_address)
    rows = LoginFailure.objects.bulk_create([LoginFailure(key=key) for key in limits])
    row_ids = [row.id for row in rows]
    now = timezone.now()
    counts = (
        LoginFailure.objects.filter(key__in=limits, failed_at__gte=now - window())
        .values("key")
        .annotate(attempts=Count("id"), oldest=Min("failed_at"))
        .order_by()
    )
    retry_after = None
    for bucket in counts:
        if bucket["attempts"] > limits[bucket["key"]]:
            wait = math.ceil((bucket["oldest"] + window() - now).total_seconds())
            retry_after = max(retry_after or 1, wait)
    if retry_after is not None:
        LoginFailure.objects.filter(id__in=row_ids).delete()
        return LoginAttempt(retry_after=retry_after)
    return LoginAttempt(row_ids=row_ids)


def login_attempt_succeeded(attempt: LoginAttempt) -> None:
    """A successful login is not a failure: its rows go."""
    LoginFailure.objects.filter(id__in=attempt.row_ids).delete()


def login_attempt_failed(attempt: LoginAttempt) -> None:
    """The attempt's rows stay for the window; rows older than the window are purged."""
    LoginFailure.objects.filter(failed_at__lt=timezone.now() - window()).delete()
