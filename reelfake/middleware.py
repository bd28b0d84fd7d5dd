"""Middleware every route shares: the Origin check, path routing rules and `delay`."""

from __future__ import annotations

import logging
import re
import time
import uuid

from corsheaders.conf import conf as cors_conf
from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import JsonResponse
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.utils.functional import SimpleLazyObject, empty

from reelfake.exceptions import error_body
from reelfake.latency import MSG_BAD_DELAY, Latency, LatencyError, parse_latency
from reelfake.sleepers import bounded_sleep

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MSG_ORIGIN_REFUSED = "Requests from origin {origin} are not allowed"


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
    """Refuse unsafe methods sent from a foreign page (docs/decisions.md "Browser safety").

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


def parse_delay(values: list[str]) -> Latency | str:
    """The `delay` profile asked for (reelfake/latency.py), or the message of the 400."""
    if not values:
        return Latency("fixed", 0.0)
    if len(values) > 1:
        return MSG_BAD_DELAY
    try:
        return parse_latency(values[0])
    except LatencyError as error:
        return error.message


class DelayMiddleware:
    """The `delay` query parameter on every route, known or not, before authentication:
    `<ms>`, `<min>-<max>` or `random` (docs/toolkit.md "Latency profiles"). Sleeping is
    bounded per process and per client (reelfake/sleepers.py); a request over a bound is
    answered 429 before its view runs. `request.delay_ms` records the delay applied."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "delay" in request.GET:
            profile = parse_delay(request.GET.getlist("delay"))
            if isinstance(profile, str):
                return JsonUtf8Response(error_body(profile), status=400)
            delay_ms = profile.draw_ms()
            request.delay_ms = delay_ms
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


class MessageMiddleware(DjangoMessageMiddleware):
    """Django's messages with their storage made on first use: only the admin shows messages,
    and making the storage costs a cookie signer on every API request. A storage nobody
    touched has nothing to save (Django's update() would do nothing either)."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response
        return super().process_response(request, response)
