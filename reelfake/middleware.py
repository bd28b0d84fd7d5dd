"""Middleware every route shares: the Origin check, path routing rules and `delay`."""

from __future__ import annotations

import logging
import re
import time
import uuid

import corsheaders.middleware
from corsheaders.conf import conf as cors_conf
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.messages.storage import default_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.exception import convert_exception_to_response
from django.http import JsonResponse
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.middleware.gzip import re_accepts_gzip
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware
from django.utils.cache import patch_vary_headers, set_response_etag
from django.utils.functional import SimpleLazyObject, empty
from django.utils.module_loading import import_string
from django.utils.text import compress_string

from reelfake.exceptions import error_body
from reelfake.latency import MSG_BAD_DELAY, Latency, LatencyError, parse_latency
from reelfake.logs import info_record
from reelfake.renderers import KeptBody
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


class CorsMiddleware(corsheaders.middleware.CorsMiddleware):
    """django-cors-headers' CORS (the allowlist with credentials), with the Origin check in
    front of it, in one layer (docs/decisions.md "Browser safety").

    The Origin check refuses unsafe methods sent from a foreign page: clients send no CSRF
    token, so the Origin header is the CSRF defence (a browser always sends it on
    cross-origin POST/PUT/PATCH/DELETE). Requests without Origin (curl, servers) pass. The
    refusal is answered before CORS and any view, so nothing is written and it carries no
    CORS headers. Preflights the library answers become the contract's 204 with an empty
    body.

    A request without Origin that is no preflight gets from the library only `Vary: origin`
    (on the paths CORS covers): that is done here without building `request.headers` from
    the whole WSGI environ, which nothing else reads on such a request (docs/performance.md
    "What every request costs")."""

    # The Origin check is synchronous, as it was as a middleware of its own: under ASGI Django
    # adapts this layer rather than hand it a coroutine.
    async_capable = False

    def __call__(self, request):
        meta = request.META
        origin = meta.get("HTTP_ORIGIN")
        if origin is None and request.method != "OPTIONS":
            response = self.get_response(request)
            if self.is_enabled(request):
                patch_vary_headers(response, ("origin",))
            return response
        if (
            origin is not None
            and request.method in UNSAFE_METHODS
            and not origin_is_allowed(origin, request)
        ):
            return JsonUtf8Response(
                error_body(MSG_ORIGIN_REFUSED.format(origin=origin)), status=403
            )
        response = super().__call__(request)
        if (
            request.method == "OPTIONS"
            and response.status_code == 200
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in meta
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
        # A request without a query string has no `delay`: request.GET is not built for it.
        if request.META.get("QUERY_STRING") and "delay" in request.GET:
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


def kept_body_of(response) -> KeptBody | None:
    """The kept body (reelfake/renderers.py KeptBody) a response answers with its kept bytes;
    None for any other response, and for a kept body rendered afresh (an indent asked)."""
    kept = getattr(response, "data", None)
    if type(kept) is not KeptBody or kept.rendered is None:
        return None
    return kept if response.content is kept.rendered else None


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's gzip, except for Server-Sent Events: a compressed event stream is buffered by
    proxies and browsers, so events would arrive late or all at once (W12). A kept body (the
    reference lists, reelfake/renderers.py KeptBody) is compressed once and its compressed
    bytes kept beside the plain ones (docs/performance.md "What every request costs")."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("text/event-stream"):
            return response
        kept = kept_body_of(response)
        if kept is None:
            return super().process_response(request, response)
        return self._kept_gzip(request, response, kept)

    def _kept_gzip(self, request, response, kept: KeptBody):
        # What Django's process_response does for a plain body, with the compressed bytes
        # kept. Django's random bytes in each compressed answer (max_random_bytes, against
        # BREACH) guard answers that hold a secret beside text an attacker chose; a kept
        # body holds neither (the same public list for everyone), so one compressed copy
        # serves every request.
        if len(kept.rendered) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        if kept.gzipped is None:
            kept.gzipped = compress_string(kept.rendered, max_random_bytes=self.max_random_bytes)
        if len(kept.gzipped) >= len(kept.rendered):
            return response
        response.content = kept.gzipped
        response.headers["Content-Length"] = str(len(kept.gzipped))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


# The request headers get_conditional_response() reads: without any, it answers the response.
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    """Django's ETag and 304, answering the same, with less work per request: the ETag of a
    kept body (reelfake/renderers.py KeptBody, the reference lists) is computed once, with its
    bytes (Django's md5 of the same 6-15 kB on every request cost more than the rest of the
    view), and a request without conditional headers skips their parsing."""

    def process_response(self, request, response):
        if request.method != "GET":
            return response
        if not response.has_header("ETag") and self.needs_etag(response):
            kept = kept_body_of(response)
            if kept is None:
                set_response_etag(response)  # not kept, or an indented render
            elif kept.etag is None:
                kept.etag = set_response_etag(response)["ETag"]
            else:
                response.headers["ETag"] = kept.etag
        meta = request.META
        if not any(header in meta for header in CONDITIONAL_HEADERS):
            return response
        return super().process_response(request, response)

    def needs_etag(self, response):
        return "Cache-Control" not in response.headers or super().needs_etag(response)


REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
request_logger = logging.getLogger("reelfake.request")


class RequestLogMiddleware:
    """One structured log line per request (method, path, status, duration, user, request
    id) and the request id echoed in X-Request-ID. A valid incoming X-Request-ID (from a load
    balancer, say) is kept, so one id follows a request across hosts.

    The record (reelfake.logs.info_record) goes straight to the logger's handlers:
    Logger.info() would look up the calling source line in the stack first, which no field
    of the JSON line shows (docs/performance.md "What every request costs")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        started = time.perf_counter()
        response = self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = request_id
        if request_logger.isEnabledFor(logging.INFO):
            log_request(request, response, request_id, started)
        return response


def log_request(request, response, request_id: str, started: float) -> None:
    # Set only where DRF verified a token: routes that never check one log no user
    # (docs/deployment.md "The request log line").
    user = getattr(request, "user", None)
    role = getattr(user, "role", None)
    path = request.path
    if path.startswith("/sandbox/"):
        # A sandbox key opens its sandbox: logs show its first characters only (sliced, not
        # a regular expression's sub: a few µs on every sandbox request).
        end = path.find("/", 9)
        end = len(path) if end < 0 else end
        path = f"/sandbox/{path[9 : min(end, 13)]}…{path[end:]}"
    method, status = request.method, response.status_code
    record = info_record(
        request_logger,
        "%s %s %s",
        (method, path, status),
        {
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": getattr(user, "id", None) if role else None,
            "role": role,
            "request_id": request_id,
        },
    )
    request_logger.handle(record)


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


# HTML pages under /api: Swagger UI's page renders a CSRF token for its "try it out" calls.
API_PAGES = {"/api/docs", "/api/redocs"}


def is_api_path(path_info: str) -> bool:
    """/api and everything under it (in a sandbox: after SandboxMiddleware cut the prefix),
    except the HTML docs pages. RoutingMiddleware has lowercased API paths already."""
    if not path_info.startswith("/api") or (len(path_info) > 4 and path_info[4] != "/"):
        return False
    return path_info.rstrip("/") not in API_PAGES


class PageMiddleware:
    """Runs settings.PAGE_MIDDLEWARE (sessions, CSRF, Django auth, messages: what the admin
    and the HTML pages need) for every path outside the API, in its order, as if each were
    listed in MIDDLEWARE here. API routes skip them: DRF views authenticate with the auth
    cookie or a bearer token (never a Django session), are exempt from Django's CSRF check
    (the Origin check stands in, docs/decisions.md "Browser safety"), and show no messages.
    Of CommonMiddleware API requests keep what it does for them: the Host header checked
    against ALLOWED_HOSTS and Content-Length set (docs/performance.md "What every request
    costs")."""

    def __init__(self, get_response):
        self.get_response = get_response
        handler = get_response
        self.view_hooks = []
        for path in reversed(settings.PAGE_MIDDLEWARE):
            middleware = import_string(path)(handler)
            if hasattr(middleware, "process_view"):
                self.view_hooks.insert(0, middleware.process_view)
            for hook in ("process_template_response", "process_exception"):
                if hasattr(middleware, hook):  # none of Django's page middlewares has them
                    raise ImproperlyConfigured(f"PAGE_MIDDLEWARE cannot take {path}'s {hook}")
            handler = convert_exception_to_response(middleware)
        self.page_chain = handler

    def __call__(self, request):
        if not is_api_path(request.path_info):
            request.runs_page_middleware = True
            return self.page_chain(request)
        request.get_host()  # DisallowedHost: the 400 of reelfake.views.bad_request
        response = self.get_response(request)
        if not response.streaming and not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "runs_page_middleware", False):
            for hook in self.view_hooks:
                response = hook(request, view_func, view_args, view_kwargs)
                if response is not None:
                    return response
        return None
