"""Bounded sleeping: a request that asks the server to wait (`?delay=`) holds one of the
worker's threads for that long, so only a few may sleep at once (docs/security.md "Delays
and streams").

Per worker process, at most REELFAKE_DELAY_MAX_SLEEPERS requests sleep at once (default: a
quarter of GUNICORN_THREADS), and at most REELFAKE_DELAY_MAX_SLEEPERS_PER_CLIENT of them come
from one client address (reelfake/clients.py). A request beyond either bound is refused at
once, without sleeping: 429 with Retry-After, the seconds until the first of the sleepers in
its way wakes up. The counts live in the process (each gunicorn worker has its own threads
to protect), behind a lock, and a slot is released in `finally` however the sleep ends."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from reelfake.clients import client_address
from reelfake.exceptions import error_body

MSG_TOO_MANY_SLEEPERS = (
    "Delay limit reached: at most {limit} delayed requests may wait at once on this server "
    "process. This request was not processed; retry after {retry} s or without delay."
)
MSG_TOO_MANY_CLIENT_SLEEPERS = (
    "Delay limit reached: at most {limit} delayed requests from one client may wait at once. "
    "This request was not processed; retry after {retry} s or without delay."
)

_lock = threading.Lock()
# When each sleeping request wakes up (time.monotonic()), in total and per client address.
_wake_times: list[float] = []
_client_wake_times: dict[str, list[float]] = {}


class SleepRefused(Exception):
    """Another sleeper would exceed a bound: answer 429 instead of sleeping."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after

    def response(self) -> HttpResponse:
        response = JsonResponse(
            error_body(self.message),
            status=429,
            content_type="application/json; charset=utf-8",
        )
        response["Retry-After"] = str(self.retry_after)
        return response


def max_sleepers() -> int:
    return settings.REELFAKE_DELAY_MAX_SLEEPERS


def max_sleepers_per_client() -> int:
    return settings.REELFAKE_DELAY_MAX_SLEEPERS_PER_CLIENT


def _retry_after(wake_times: list[float], now: float) -> int:
    return max(1, math.ceil(min(wake_times) - now))


@contextmanager
def sleeper_slot(request, seconds: float) -> Iterator[None]:
    """Hold one sleeper slot for `seconds` (the caller sleeps inside the block); raises
    SleepRefused, holding nothing, when a bound is reached."""
    client = client_address(request)
    now = time.monotonic()
    wake = now + seconds
    with _lock:
        mine = _client_wake_times.setdefault(client, [])
        if len(mine) >= max_sleepers_per_client():
            limit, retry = max_sleepers_per_client(), _retry_after(mine, now)
            raise SleepRefused(MSG_TOO_MANY_CLIENT_SLEEPERS.format(limit=limit, retry=retry), retry)
        if len(_wake_times) >= max_sleepers():
            if not mine:
                del _client_wake_times[client]
            limit, retry = max_sleepers(), _retry_after(_wake_times, now)
            raise SleepRefused(MSG_TOO_MANY_SLEEPERS.format(limit=limit, retry=retry), retry)
        _wake_times.append(wake)
        mine.append(wake)
    try:
        yield
    finally:
        with _lock:
            _wake_times.remove(wake)
            mine.remove(wake)
            if not mine:
                _client_wake_times.pop(client, None)


def bounded_sleep(request, seconds: float) -> HttpResponse | None:
    """Sleep `seconds` within the bounds; None after sleeping, or the 429 response (without
    having slept) when a bound is reached."""
    try:
        with sleeper_slot(request, seconds):
            time.sleep(seconds)
    except SleepRefused as refused:
        return refused.response()
    return None
