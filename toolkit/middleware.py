"""Failures and latency on demand (docs/toolkit.md "Failures on demand").

Sits inside CorsMiddleware (injected answers carry the CORS headers a real answer would) and
after DelayMiddleware (`delay` and `fail` combine into a slow failure), before sessions,
authentication and every view: an injected failure runs no view, so nothing is written.
The Origin check runs before it, so a foreign page's unsafe request is still refused 403."""

from __future__ import annotations

import logging
import random
import time

from django.conf import settings
from django.utils import timezone

from reelfake.exceptions import error_body
from reelfake.latency import LatencyError, parse_latency
from reelfake.middleware import JsonUtf8Response
from reelfake.sleepers import bounded_sleep
from toolkit import recording
from toolkit.injection import (
    INJECTED_HEADER,
    TIMEOUT_STATUS,
    FailError,
    FailSpec,
    injected_response,
    requested_fail,
)
from toolkit.selectors import (
    RECORDS_KEPT,
    inspector_allowed,
    request_record_last_login_at,
    standing_allowed,
    standing_settings_cached,
    world_key,
)
from toolkit.services import request_record_add

# The toolkit's own routes and the health checks never get standing failures or latency:
# a failRate of 1 must not lock its owner out of DELETE /api/_toolkit/settings.
EXEMPT_PREFIXES = ("/api/_toolkit", "/api/_inspector", "/api/health", "/inspector")


def _chance(probability: float) -> bool:
    return probability >= 1 or random.random() < probability


class FailureMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            asked = requested_fail(request)
        except FailError as error:
            return JsonUtf8Response(error_body(error.message), status=400)
        injected: list[str] = []
        response = self._inject(request, asked, injected)
        if response is None:
            response = self.get_response(request)
        if injected:
            response[INJECTED_HEADER] = ", ".join(injected)
        return response

    def _inject(self, request, asked: FailSpec | None, injected: list[str]):
        standing = None
        if standing_allowed(request) and not request.path_info.lower().startswith(EXEMPT_PREFIXES):
            standing = standing_settings_cached(world_key(request))
            if standing is not None and not standing.applies_to(request.path_info):
                standing = None
        # A request's own `delay` replaces the standing latency, its own `fail` the standing
        # failures.
        if standing is not None and standing.latency and not hasattr(request, "delay_ms"):
            try:
                delay_ms = parse_latency(standing.latency).draw_ms()
            except LatencyError:  # validated when stored; a bad row must not break requests
                delay_ms = 0
            if delay_ms > 0:
                refused = bounded_sleep(request, delay_ms / 1000)
                if refused is not None:
                    return refused
            injected.append(f"latency={round(delay_ms)}")
        if asked is not None:
            if not _chance(asked.probability):
                return None
            injected.append(f"fail={asked.label}")
            if asked.status is None:
                return self._timeout(request, asked)
            return injected_response(asked.status)
        if (
            standing is not None
            and standing.fail_rate > 0
            and standing.fail_statuses
            and _chance(standing.fail_rate)
        ):
            status = random.choice(standing.fail_statuses)
            injected.append(f"fail={status}")
            return injected_response(status)
        return None

    @staticmethod
    def _timeout(request, asked: FailSpec):
        """Hold the request (within the `delay` bounds), then give up as a gateway would. A
        `delay` on the same request already held it that long."""
        if not hasattr(request, "delay_ms"):
            refused = bounded_sleep(request, settings.REELFAKE_FAIL_TIMEOUT_SECONDS)
            if refused is not None:
                return refused
        return injected_response(TIMEOUT_STATUS, label=asked.label)


# Not recorded: the inspector's own traffic (its page would record itself forever), health
# checks, static files and the admin.
UNRECORDED_PREFIXES = (
    "/api/_inspector",
    "/inspector",
    "/api/health",
    "/static/",
    "/admin",
    "/favicon.ico",
)
record_logger = logging.getLogger("reelfake.toolkit")


class InspectorMiddleware:
    """Records each request of a world where the inspector is allowed (docs/toolkit.md
    "Request inspector"): one INSERT once the response is produced. Sits outside the Origin
    check and CORS (it sees refusals and the CORS headers) and inside GZip (plain bodies)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        if not inspector_allowed(request) or request.path_info.lower().startswith(
            UNRECORDED_PREFIXES
        ):
            return self.get_response(request)
        # Read small text bodies now: a parser that reads the stream would leave nothing to
        # show (Django keeps the bytes, and every later reader gets them).
        request_raw = _request_bytes(request)
        response = self.get_response(request)
        try:
            self._record(request, request_raw, response, time.perf_counter() - started)
        except Exception:  # the inspector must never break the request it watches
            record_logger.exception("Could not record %s %s", request.method, request.path)
        return response

    @staticmethod
    def _record(request, request_raw, response, seconds: float) -> None:
        streaming = getattr(response, "streaming", False)
        response_raw = None if streaming else response.content
        credentials = recording.credentials_of(request)
        cors = recording.cors_decision(request)
        diagnoses = recording.diagnose(
            request,
            response.status_code,
            credentials,
            cors,
            request_raw,
            response_raw,
            last_login=request_record_last_login_at,
        )
        response_type = response.get("Content-Type")
        fields = {
            "at": timezone.now(),
            "method": request.method[:16],
            "path": recording.mask_text(request.get_full_path(), recording.PATH_LIMIT),
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "origin": request.headers.get("Origin"),
            "credentials": credentials,
            "cors": cors,
            "request_content_type": request.META.get("CONTENT_TYPE") or None,
            "request_body": recording.masked_body(request_raw, request.content_type),
            "response_body": "(stream)"
            if streaming
            else recording.masked_body(response_raw, response_type),
            "diagnoses": diagnoses,
            "request_id": getattr(request, "request_id", None),
        }
        request_record_add(fields=fields, keep=RECORDS_KEPT)


def _request_bytes(request) -> bytes | None:
    """A small text body (JSON, text, form); never a multipart upload, which Django streams,
    nor a body over DATA_UPLOAD_MAX_MEMORY_SIZE."""
    body = getattr(request, "_body", None)
    if body is not None:
        return body
    content_type = (request.content_type or "").lower()
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if (
        length <= 0
        or length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        or not content_type.startswith(recording.TEXT_TYPES)
    ):
        return None
    try:
        return request.body
    except Exception:  # already consumed as a stream (request.POST): nothing to show
        return None
