"""Middleware every route shares: the Origin check, path routing rules and `delay`."""

from __future__ import annotations

import logging
import re
import time
import uuid

from corsheaders.conf import conf as cors_conf
from django.http import JsonResponse
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware

from reelfake.exceptions import error_body
from reelfake.sleepers import bounded_sleep

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MSG_ORIGIN_REFUSED = "Requests from origin {origin} are not allowed"
MSG_BAD_DELAY = "Delay query must be number less than 60000"
MAX_DELAY_MS = 60000

# What JavaScript's Number() accepts for a decimal string (after trimming whitespace): ASCII
# digits only (re.ASCII), as in JavaScript.
_JS_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_JS_RADIX = re.compile(r"^0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)$")


class JsonUtf8Response(JsonResponse):
    def __init__(self, data, **kwargs):
        kwargs.setdefault("content_type", "application/json; charset=utf-8")
        super().__init__(data, **kwargs)


def origin_is_allowed(origin: str, request) -> bool:
    """True when `origin` is on the CORS allowlist or is this server's own origin."""
    if origin in cors_conf.CORS_ALLOWED_ORIGINS:
        return True
    if any(re.match(pattern, origin) for pattern in cors_conf.CORS_ALLOWED_ORIGIN_REGEXES):
        return True
    try:
        own = f"{request.scheme}://{request.get_host()}"
    except Exception:  # a disallowed Host header: not our own origin
        return False
    return origin == own


class OriginCheckMiddleware:
    """Refuse unsafe methods sent from a foreign page (DECISIONS.md "Browser safety").

    Clients send no CSRF token, so the Origin header is the CSRF defence: a browser always
    sends it on cross-origin POST/PUT/PATCH/DELETE. Requests without Origin (curl, servers)
    pass. Runs before any view, so nothing is written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request.headers.get("Origin")
        if (
            request.method in UNSAFE_METHODS
            and origin is not None
            and not origin_is_allowed(origin, request)
        ):
            return JsonUtf8Response(
                error_body(MSG_ORIGIN_REFUSED.format(origin=origin)), status=403
            )
        response = self.get_response(request)
        if (
            request.method == "OPTIONS"
            and response.status_code == 200
            and ("access-control-request-method" in request.headers)
        ):
            # The contract answers preflights with 204 and an empty body.
            response.status_code = 204
            response.content = b""
        return response


class RoutingMiddleware:
    """Routes under /api match case-insensitively (the contract's routing is not
    case-sensitive). Trailing slashes are handled by the URL patterns, never a redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path[:4].lower() == "/api" and path != path.lower():
            request.path_info = path.lower()
        return self.get_response(request)


def parse_delay(values: list[str]) -> float | None:
    """Milliseconds to hold the response back, 0 for none, None when invalid."""
    if not values:
        return 0
    if len(values) > 1:
        return None
    raw = values[0].strip()
    if raw == "":
        return 0
    if _JS_RADIX.match(raw):
        number = float(int(raw[2:], {"x": 16, "o": 8, "b": 2}[raw[1].lower()]))
    elif _JS_DECIMAL.match(raw):
        number = float(raw)
    elif raw.lstrip("+-") == "Infinity":
        number = float("-inf") if raw.startswith("-") else float("inf")
    else:
        return None
    if number > MAX_DELAY_MS:
        return None
    return max(number, 0)


class DelayMiddleware:
    """The `delay` query parameter on every route, known or not, before authentication.
    Sleeping is bounded per process and per client (reelfake/sleepers.py); a request over a
    bound is answered 429 before its view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "delay" in request.GET:
            delay_ms = parse_delay(request.GET.getlist("delay"))
            if delay_ms is None:
                return JsonUtf8Response(error_body(MSG_BAD_DELAY), status=400)
            if delay_ms > 0:
                refused = bounded_sleep(request, delay_ms / 1000)
                if refused is not None:
                    return refused
        return self.get_response(request)


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's gzip, except for Server-Sent Events: a compressed event stream is buffered by
    proxies and browsers, so events would arrive late or all at once (W12)."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("text/event-stream"):
            return response
        return super().process_response(request, response)


REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
request_logger = logging.getLogger("reelfake.request")
_SANDBOX_KEY = re.compile(r"^/sandbox/([^/]{0,4})[^/]*")


class RequestLogMiddleware:
    """One structured log line per request (method, path, status, duration, user, request
    id) and the request id echoed in X-Request-ID. A valid incoming X-Request-ID (from a load
    balancer, say) is kept, so one id follows a request across hosts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        user = getattr(request, "user", None)
        # A sandbox key opens its sandbox: logs show its first characters only.
        path = _SANDBOX_KEY.sub(r"/sandbox/\1…", request.path)
        request_logger.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": getattr(user, "id", None) if getattr(user, "role", None) else None,
                "role": getattr(user, "role", None),
                "request_id": request_id,
            },
        )
        return response


MSG_NUL = "Text values cannot contain NUL characters"


class RejectNulMiddleware:
    """PostgreSQL cannot store NUL characters in text: a NUL in the path, the query string or
    a JSON body is a 400 before any view runs, never a database error. (CSV uploads check
    their own content and answer with their own message.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return JsonUtf8Response(error_body(MSG_NUL), status=400)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if request.content_type != "application/json":
            return False
        try:
            body = request.body
        except Exception:  # too large: Django answers that itself later
            return False
        return b"\x00" in body or b"\\u0000" in body.lower()
