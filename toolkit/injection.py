"""Failures on demand: parsing `fail` and building the injected answer (docs/toolkit.md
"Failures on demand")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import JsonResponse

from reelfake.exceptions import error_body

FAIL_HEADER = "X-Reelfake-Fail"
FAIL_META = "HTTP_X_REELFAKE_FAIL"  # FAIL_HEADER in request.META
INJECTED_HEADER = "X-Reelfake-Injected"
TIMEOUT = "timeout"
TIMEOUT_STATUS = 504
# Seconds a client is told to wait before retrying an injected 429 or 503.
RETRY_AFTER_SECONDS = 1
MSG_INJECTED = "Injected failure (fail={what})"
MSG_BAD_FAIL = (
    "Fail must be a status code from 400 to 599 or timeout, optionally followed by "
    "@<probability from 0 to 1>, e.g. fail=503 or fail=503@0.2"
)
MSG_REPEATED_FAIL = "Fail query must be given once"

_FAIL = re.compile(r"^(\d{3}|timeout)(?:@(\d*\.?\d+))?$")


class FailError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FailSpec:
    """What `fail` asked for: a status (or a timeout) with a probability."""

    status: int | None  # None: timeout
    probability: float = 1.0

    @property
    def label(self) -> str:
        return TIMEOUT if self.status is None else str(self.status)


def parse_fail(raw: str) -> FailSpec:
    match = _FAIL.match(raw.strip().lower())
    if match is None:
        raise FailError(MSG_BAD_FAIL)
    what, probability = match.group(1), match.group(2)
    status = None if what == TIMEOUT else int(what)
    if status is not None and not 400 <= status <= 599:
        raise FailError(MSG_BAD_FAIL)
    p = 1.0 if probability is None else float(probability)
    if p > 1:
        raise FailError(MSG_BAD_FAIL)
    return FailSpec(status, p)


def requested_fail(request) -> FailSpec | None:
    """The request's own `fail` (query parameter, else header); raises FailError."""
    # Read without building request.GET or request.headers when there is nothing to read.
    values = request.GET.getlist("fail") if request.META.get("QUERY_STRING") else []
    if len(values) > 1:
        raise FailError(MSG_REPEATED_FAIL)
    raw = values[0] if values else request.META.get(FAIL_META)
    return None if raw is None else parse_fail(raw)


def injected_response(status: int, label: str | None = None) -> JsonResponse:
    """The standard error body with the injected status; Retry-After on 429 and 503."""
    response = JsonResponse(
        error_body(MSG_INJECTED.format(what=label or status)),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    if status in (429, 503):
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
