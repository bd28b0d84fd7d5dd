"""Which world a request belongs to (docs/sandboxes.md "Addressing a sandbox").

`/sandbox/<key>/…` or the `X-Reelfake-Sandbox: <key>` header enter a sandbox: the key's form is
checked before any query, then one query finds the sandbox and makes its schema the
connection's search path, unless the process remembers the key (sandboxes/routes.py). The
prefix is cut from path_info and becomes the script prefix, so reverse() and the docs pages
link inside the sandbox, and cookies set by the sandbox are scoped to its path. Without a key
the request is in the main world, which is read-only on a server with sandboxes on."""

from __future__ import annotations

import re
import tempfile
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.urls import set_script_prefix
from django.utils import timezone

from reelfake.db import worlds
from reelfake.exceptions import error_body
from reelfake.sse import sse_event
from sandboxes import routes, selectors, services
from sandboxes.selectors import Entered

SANDBOX_PATH = re.compile(r"^/sandbox/([^/]*)(/.*)?$")
HEADER = "X-Reelfake-Sandbox"
# The header as WSGI names it: read from META, since request.headers builds a dictionary of
# every header on first use (about 10 µs a request in the main world).
HEADER_META = "HTTP_X_REELFAKE_SANDBOX"
MSG_NOT_FOUND = "Sandbox not found"
MSG_READ_ONLY = (
    "This is the shared read-only world; to write, create a sandbox: POST /api/sandboxes"
)
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Unsafe requests the read-only main world still takes: creating a sandbox, and signing in
# and out (they write nothing of the world).
MAIN_WORLD_WRITES = {
    "/api/sandboxes",
    "/api/auth/login",
    "/api/auth/logout",
    "/api/auth/refresh",
    "/admin/login",
    "/admin/logout",
}
TOUCH_EVERY_SECONDS = 60


def _now() -> float:
    """Seconds since the epoch, the clock of the once-a-minute touch (tests pin or move it)."""
    return time.time()


def _json(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        error_body(message), status=status, content_type="application/json; charset=utf-8"
    )


def _scope_cookies(response, prefix: str) -> None:
    """`/` becomes `/sandbox/<key>/`, `/api/auth/refresh` `/sandbox/<key>/api/auth/refresh`."""
    for morsel in response.cookies.values():
        path = morsel["path"] or "/"
        morsel["path"] = prefix.rstrip("/") + path


READ_SIZE = 64 * 1024


def _body_within_limit(environ, limit: int) -> bool:
    """Whether the request body holds at most `limit` bytes. A body without Content-Length
    (`Transfer-Encoding: chunked`, which gunicorn de-chunks and marks as ending with
    wsgi.input_terminated) is read here up to one byte past the limit and handed on from a
    buffer, so that no view reads more of it (docs/sandboxes.md "Limits")."""
    length = environ.get("CONTENT_LENGTH") or ""
    if length:
        return not (length.isdigit() and int(length) > limit)
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if not (chunked and environ.get("wsgi.input_terminated")):
        return True  # no body anything reads (Django reads up to Content-Length only)
    stream = environ["wsgi.input"]
    body = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    size = 0
    while size <= limit and (chunk := stream.read(min(READ_SIZE, limit + 1 - size))):
        size += len(chunk)
        body.write(chunk)
    if size > limit:
        body.close()
        return False
    body.seek(0)
    environ["wsgi.input"] = body
    return True


MSG_STREAM_DELETED = (
    "This sandbox was deleted or has expired: the stream ends. Create a sandbox: "
    "POST /api/sandboxes"
)
MSG_STREAM_RESET = (
    "This sandbox was reset to its seeded data: the stream ends. Reconnect (EventSource does "
    "it by itself) to follow the new data; this event's id 0 makes it start from the first "
    "event after the reset."
)


def _stream_in_world(content, world: worlds.World, entered, *, event_stream: bool):
    """The body of a streaming response runs after the middleware returned: it gets the
    sandbox's world back for its queries. Before each piece goes out, the sandbox must still
    be the one the request entered: once it is deleted, expired or reset, an event stream
    ends with an `error` event saying so, any other body ends (docs/sandboxes.md "Event
    streams across a reset or delete"); a piece read from a schema retired meanwhile is
    never sent."""
    entered_as = (entered.schema, entered.resets)
    try:
        worlds.activate(world)
        for piece in content:
            now = selectors.sandbox_generation(entered.id)
            if now != entered_as:
                if event_stream and now is None:
                    yield sse_event(None, error_body(MSG_STREAM_DELETED), "error")
                elif event_stream:
                    yield sse_event(0, error_body(MSG_STREAM_RESET), "error")
                return
            yield piece
    finally:
        worlds.leave()


# The request's attribute holding what sandbox_entered() found.
ENTERED_ATTRIBUTE = "sandbox_entered"
# The request's attribute holding what sandbox_address() found.
ADDRESS_ATTRIBUTE = "sandbox_address"
_NOT_YET = object()


def sandbox_address(request) -> tuple[str, str, bool] | None:
    """(key, path in the sandbox, addressed by the path prefix) of a sandbox request, None for
    the main world: the prefix wins over the header. Once per request (the kept answers of
    sandboxes ask first, this middleware takes the same answer): one look at the path and
    the header, not one per layer (docs/sandboxes.md "Routing overhead, third pass")."""
    address = request.__dict__.get(ADDRESS_ATTRIBUTE, _NOT_YET)
    if address is not _NOT_YET:
        return address
    path_info = request.path_info
    match = SANDBOX_PATH.match(path_info) if path_info.startswith("/sandbox/") else None
    if match is not None:
        address = (match.group(1), match.group(2) or "/", True)
    else:
        key = request.META.get(HEADER_META)
        address = None if key is None else (key, path_info, False)
    request.__dict__[ADDRESS_ATTRIBUTE] = address
    return address


def sandbox_entered(request, key: str) -> Entered | None:
    """The live sandbox `key` names, entered (its schema on the connection's search path, as
    routes.sandbox_route leaves it) with its use recorded (at most once a minute); None for a
    malformed key (no query made), an unknown or an expired one. Once per request: the kept
    answers of sandboxes (sandboxes/kept_answers.py) may ask before this middleware does, and
    this middleware then takes the same answer."""
    entered = request.__dict__.get(ENTERED_ATTRIBUTE, _NOT_YET)
    if entered is not _NOT_YET:
        return entered
    entered = routes.sandbox_route(key)
    if entered is not None and _now() - entered.last_used_seconds >= TOUCH_EVERY_SECONDS:
        services.sandbox_touch(entered.id)
        routes.sandbox_route_touched(key, entered, timezone.now())
    request.__dict__[ENTERED_ATTRIBUTE] = entered
    return entered


class SandboxMiddleware:
    """Enters the request's world. Placed outside the request inspector (which records into
    the world) and the Origin check; its refusals (unknown key, too large a body, a write to
    the read-only main world) are answered by SandboxGateMiddleware inside CORS, so that a
    browser reads them instead of a CORS error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.REELFAKE_SANDBOXES:
            return self.get_response(request)
        address = sandbox_address(request)
        if address is None:
            return self._main_world(request)
        key, inner, by_path = address
        entered = sandbox_entered(request, key)
        if entered is None:
            return self._refuse(request, MSG_NOT_FOUND, 404)
        meta = request.META
        # A request without a body (no Content-Length, not chunked) is within any limit.
        if (meta.get("CONTENT_LENGTH") or "HTTP_TRANSFER_ENCODING" in meta) and (
            not _body_within_limit(meta, settings.SANDBOX_UPLOAD_MAX_BYTES)
        ):
            limit = settings.SANDBOX_UPLOAD_MAX_BYTES
            message = f"Request bodies in a sandbox are limited to {limit:,} bytes"
            return self._refuse(request, message, 413)
        world = entered.world
        worlds.enter(world)
        # The prefix the handler set (its script name, as request.path begins with it) is put
        # back when the request is over, unless the handler sets one before every request
        # (reelfake/wsgi.py); Django's test client sets none of its own.
        old_prefix = None
        if by_path:
            if not getattr(request, "script_prefix_per_request", False):
                old_prefix = request.path[: len(request.path) - len(request.path_info)] + "/"
            request.path_info = inner
            set_script_prefix(f"/sandbox/{key}/")
        request.sandbox_id = entered.id
        request.sandbox_key = key
        try:
            response = self.get_response(request)
        finally:
            worlds.leave()
            if old_prefix is not None:
                set_script_prefix(old_prefix)
        if by_path and response.cookies:
            _scope_cookies(response, f"/sandbox/{key}/")
        if response.streaming:
            response.streaming_content = _stream_in_world(
                response.streaming_content,
                world,
                entered,
                event_stream=response.get("Content-Type", "").startswith("text/event-stream"),
            )
        return response

    def _refuse(self, request, message: str, status: int):
        # In no world: the inner layers (inspector, Origin check, CORS) run, the gate answers.
        request.sandbox_refusal = _json(message, status)
        return self.get_response(request)

    def _main_world(self, request):
        worlds.deactivate()
        if request.method in UNSAFE_METHODS:
            path = request.path_info.lower().rstrip("/")
            if path not in MAIN_WORLD_WRITES:
                request.sandbox_refusal = _json(MSG_READ_ONLY, 403)
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Views outside DRF (DRF's are answered by reelfake/exceptions.py).
        quota = worlds.quota_exceeded(exception)
        if quota is not None:
            return _json(worlds.quota_message(quota), 413)
        return None


class SandboxGateMiddleware:
    """Inside CORS: answers the refusal SandboxMiddleware decided, with CORS headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = getattr(request, "sandbox_refusal", None)
        if refusal is not None:
            return refusal
        return self.get_response(request)


SESSION_WORLD = "reelfake_world"


def remember_session_world(sender, request, user, **kwargs):
    """user_logged_in: an admin session belongs to the world it signed in to."""
    request.session[SESSION_WORLD] = worlds.current_world().id


class SessionWorldMiddleware:
    """After AuthenticationMiddleware: a Django admin session signed in to another world (its
    cookie replayed under another path) is anonymous here, as a token of another world is
    (docs/sandboxes.md "Isolation")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REELFAKE_SANDBOXES
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and hasattr(request, "session")
            and SESSION_KEY in request.session
            and request.session.get(SESSION_WORLD, worlds.MAIN_WORLD.id)
            != worlds.current_world().id
        ):
            request.user = AnonymousUser()
        return self.get_response(request)
