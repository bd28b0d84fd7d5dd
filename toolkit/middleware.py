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
    Standing,
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


def standing_for(allowed: bool, path_info: str, key: str | None) -> Standing | None:
    """The standing settings of the current world that apply to a request of `path_info`
    (None: the request meets none); `allowed` is standing_allowed() of the request, `key`
    its world_key()."""
    if not allowed or path_info.lower().startswith(EXEMPT_PREFIXES):
        return None
    standing = standing_settings_cached(key)
    if standing is not None and not standing.applies_to(path_info):
        return None
    return standing


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
        standing = standing_for(standing_allowed(request), request.path_info, world_key(request))
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
        if not inspector_records(request):
            return self.get_response(request)
        # Read small text bodies now: a parser that reads the stream would leave nothing to
        # show (Django keeps the bytes, and every later reader gets them).
        request_raw = request_bytes(request)
        response = self.get_response(request)
        streaming = getattr(response, "streaming", False)
        record_request(
            request,
            request_raw,
            status=response.status_code,
            content_type=response.get("Content-Type"),
            content=None if streaming else response.content,
            started=started,
        )
        return response


def inspector_records(request) -> bool:
    """Whether the inspector records this request (its world's inspector is allowed, and the
    path is not one it leaves out)."""
    return inspector_allowed(request) and not request.path_info.lower().startswith(
        UNRECORDED_PREFIXES
    )


def record_request(
    request,
    request_raw: bytes | None,
    *,
    status: int,
    content_type: str | None,
    content: bytes | None,
    started: float,
    response_body: str | None = None,
) -> None:
    """Record one request as InspectorMiddleware sees it: its answer's status, Content-Type
    and plain body (`content`; None for a stream), `started` by time.perf_counter() when the
    request reached the inspector. `response_body`: the masked body when the caller kept it
    (recording.masked_body() of the same content: reelfake/kept_answers.py replays). Never
    raises: the inspector must never break the request it watches."""
    seconds = time.perf_counter() - started
    try:
        _record(request, request_raw, status, content_type, content, seconds, response_body)
    except Exception:
        record_logger.exception("Could not record %s %s", request.method, request.path)


def _record(request, request_raw, status, content_type, content, seconds, response_body) -> None:
    streaming = content is None
    credentials = recording.credentials_of(request)
    cors = recording.cors_decision(request)
    diagnoses = recording.diagnose(
        request,
        status,
        credentials,
        cors,
        request_raw,
        content,
        last_login=request_record_last_login_at,
    )
    if streaming:
        response_body = "(stream)"
    elif response_body is None:
        response_body = recording.masked_body(content, content_type)
    fields = {
        "at": timezone.now(),
        "method": request.method[:16],
        "path": recording.mask_text(request.get_full_path(), recording.PATH_LIMIT),
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
        "origin": request.headers.get("Origin"),
        "credentials": credentials,
        "cors": cors,
        "request_content_type": request.META.get("CONTENT_TYPE") or None,
        "request_body": recording.masked_body(request_raw, request.content_type),
        "response_body": response_body,
        "diagnoses": diagnoses,
        "request_id": getattr(request, "request_id", None),
    }
    request_record_add(fields=fields, keep=RECORDS_KEPT)


def request_bytes(request) -> bytes | None:
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
