"""Kept answers: a plain request for a kept reference list gets, without the middleware stack
and DRF, the exact answer the whole stack gave last time (docs/performance.md "Kept
answers"), as WhiteNoise answers static files before the rest of the stack.

Placed just inside RequestLogMiddleware, which logs and numbers replayed requests as any
other. Every other layer answers a plain request for a kept list with the same status,
headers and bytes every time: what they do depends only on the inputs in the replay key
(method, path, Accept, whether gzip is accepted, HTTPS) and on the kept body. Any request
where a layer could do something of its own falls through to the whole stack:

- not GET or HEAD; a query string (`delay`, `fail`, `format`, `indent`...); a request body
  (RejectNulMiddleware reads JSON bodies);
- an `Origin` (CORS answers per origin), any `X-Reelfake-*` header (a sandbox, `fail`), a
  path under /sandbox/: sandboxes' answers are kept per sandbox by the next layer,
  sandboxes/kept_answers.py, with this module's store and rules;
- credentials (an auth cookie or Authorization: the private-answer headers), conditional
  headers other than If-None-Match on GET, an Accept other than none, `*/*` or
  `application/json` (content negotiation), a Host not in ALLOWED_HOSTS (the 400);
- a main world where the toolkit works (the inspector records every request, standing
  failures and latency), i.e. a server without sandboxes where DEBUG or REELFAKE_RESET allow
  the local reset; or REELFAKE_KEPT_ANSWERS off.

What is replayed is recorded from a plain request the whole stack answered with 200 and the
kept bytes of a reference list (reelfake/renderers.py KeptBody, plain or gzip), with no
cookie set: status, every header and the body. It holds that very list, and is replayed only
while the reference lists (reelfake/reference.py) still keep it for its world: a write to a
reference table of that world, its reset, a change of its standing settings, or a lost
listening connection drop the world's lists and with them its kept answers.

If-None-Match on GET is answered as ConditionalGetMiddleware answers it, with Django's own
comparison against the kept answer's ETag: no match, the kept answer; a match, the whole
stack's 304 for that answer, recorded the first time (it does not depend on the header's
value, only on its matching)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import _if_none_match_passes
from django.utils.http import parse_etags

from reelfake.db.worlds import MAIN_SCHEMA
from reelfake.headers import carries_credentials
from reelfake.middleware import CONDITIONAL_HEADERS
from reelfake.negotiation import PLAIN_ACCEPTS
from reelfake.reference import reference_kept_key, reference_still_kept
from reelfake.renderers import KeptBody

REPLAYED_METHODS = frozenset({"GET", "HEAD"})
# Request headers some layer answers for itself. If-None-Match alone, on GET, is answered as
# ConditionalGetMiddleware answers it (KeptAnswersMiddleware).
IF_NONE_MATCH = "HTTP_IF_NONE_MATCH"
OWN_HEADERS = (
    "HTTP_ORIGIN",
    "HTTP_AUTHORIZATION",
    "HTTP_TRANSFER_ENCODING",
    *(header for header in CONDITIONAL_HEADERS if header != IF_NONE_MATCH),
)
TOOLKIT_HEADER_PREFIX = "HTTP_X_REELFAKE_"
# The header naming a sandbox (sandboxes/middleware.py): plain_key() refuses it in the main
# world; replay_key() looks for it first, without going through every other check.
SANDBOX_HEADER = "HTTP_X_REELFAKE_SANDBOX"
# Paths differ only in case or a trailing slash; a stranger could try them all. Per world:
ANSWERS_KEPT = 256  # the main world
ANSWERS_KEPT_PER_SANDBOX = 32  # each sandbox (a stranger may hold many)
# Worlds with kept answers at once (the main world, SANDBOX_MAX (200) live sandboxes by
# default, and room for schemas left behind by resets from the pool).
WORLDS_KEPT = 256
# Host headers seen allowed: with ALLOWED_HOSTS "*" or ".example.com" a stranger could send many.
HOSTS_KEPT = 64


class KeptAnswer:
    """One answer of the whole stack, replayed while its body is the list its world keeps."""

    __slots__ = (
        "list_key",
        "body_kept",
        "status",
        "headers",
        "body",
        "etag",
        "not_modified",
        "inspected",
    )

    def __init__(self, list_key: tuple[str, str], body_kept: KeptBody, response):
        self.list_key = list_key
        self.body_kept = body_kept
        self.status = response.status_code
        self.headers = dict(response.headers._store)  # {lowercase name: (name, value)}
        self.body = response.content
        self.etag = response.get("ETag")
        # The whole stack's 304 to an If-None-Match naming this answer's ETag.
        self.not_modified: KeptAnswer | None = None
        # The response body as a sandbox's request inspector records it (toolkit/), once.
        self.inspected: str | None = None

    def current(self) -> bool:
        """Whether its world still keeps the very list this answer holds."""
        return reference_still_kept(self.list_key, self.body_kept)

    def matches(self, if_none_match: str) -> bool:
        """Whether ConditionalGetMiddleware answers 304 to this If-None-Match: Django's own
        weak comparison (django.utils.cache.get_conditional_response)."""
        return not _if_none_match_passes(self.etag, parse_etags(if_none_match))

    def response(self) -> HttpResponse:
        response = HttpResponse(self.body, status=self.status)
        response.headers._store = self.headers.copy()
        return response


# {world schema: {replay key: answer}}, worlds first kept first.
_answers: dict[str, dict[tuple, KeptAnswer]] = {}
# Raw Host headers (HttpRequest._get_raw_host(): Host, or X-Forwarded-Host where trusted)
# that request.get_host() found in ALLOWED_HOSTS; its answer depends on nothing else but
# settings.
_allowed_hosts: set[str] = set()


@receiver(setting_changed)
def _forget_answers(**kwargs) -> None:
    # Headers and allowed hosts come from settings (tests change them).
    _answers.clear()
    _allowed_hosts.clear()


def _host_allowed(request) -> bool:
    """request.get_host() raises nothing: the whole stack would not answer 400."""
    raw = request._get_raw_host()
    if raw in _allowed_hosts:
        return True
    try:
        request.get_host()
    except DisallowedHost:
        return False
    if len(_allowed_hosts) < HOSTS_KEPT:
        _allowed_hosts.add(raw)
    return True


def main_world_without_toolkit() -> bool:
    """Whether no request of the main world meets the toolkit: its inspector and standing
    settings exist there only on a server without sandboxes that allows the local reset
    (docs/toolkit.md "Standing settings"; the toolkit's own rule, tests/core/
    test_kept_answers.py checks they agree)."""
    if settings.REELFAKE_SANDBOXES:
        return True
    return not (settings.DEBUG or settings.REELFAKE_RESET)


def plain_key(request, path: str, *, world_header: str | None = None) -> tuple | None:
    """The key of a plain request's answer (`path`: the request's path in its world); None
    when some layer may answer it its own way. `world_header`: the one X-Reelfake-* header
    (in request.META's naming) the request may carry, the one naming its sandbox."""
    meta = request.META
    method = request.method
    if (
        method not in REPLAYED_METHODS
        or meta.get("QUERY_STRING")
        or meta.get("CONTENT_LENGTH", "0") not in ("", "0")
        or not settings.REELFAKE_KEPT_ANSWERS
    ):
        return None
    accept = meta.get("HTTP_ACCEPT", "*/*")
    if accept not in PLAIN_ACCEPTS or any(header in meta for header in OWN_HEADERS):
        return None
    if IF_NONE_MATCH in meta and method != "GET":  # HEAD: ConditionalGet answers 200
        return None
    for name in meta:
        if name.startswith(TOOLKIT_HEADER_PREFIX) and name != world_header:
            return None
    if "HTTP_COOKIE" in meta and carries_credentials(request):
        return None
    if not _host_allowed(request):
        return None
    gzip = re_accepts_gzip.search(meta.get("HTTP_ACCEPT_ENCODING", "")) is not None
    return (method, path, accept, gzip, request.is_secure(), world_header is not None)


def replay_key(request) -> tuple | None:
    """The key of a plain request's answer in the main world; None when some layer may answer
    it its own way, or it is a sandbox's."""
    if (
        request.path_info.startswith("/sandbox/")
        or SANDBOX_HEADER in request.META
        or not main_world_without_toolkit()
    ):
        return None
    return plain_key(request, request.path)


def kept_answer(schema: str, key: tuple) -> KeptAnswer | None:
    """The answer kept for `key` in world `schema`, while that world keeps its list."""
    answer = _answers.get(schema, {}).get(key)
    return answer if answer is not None and answer.current() else None


def kept_body(response, schema: str) -> tuple[tuple[str, str], KeptBody] | None:
    """(list key, body) when `response` is a 200 answering with the kept bytes (plain or gzip)
    of a list world `schema` keeps now, setting no cookie; None for any other response."""
    body = getattr(response, "data", None)
    if (
        type(body) is not KeptBody
        or response.status_code != 200
        or response.cookies
        or response.streaming
    ):
        return None
    content = response.content
    if content is not body.rendered and content is not body.gzipped:
        return None
    list_key = reference_kept_key(body, schema)
    return None if list_key is None else (list_key, body)


def keep_answer(schema: str, key: tuple, response, *, limit: int) -> bool:
    """Keep the whole stack's `response` for `key` in world `schema` when it answers with a
    kept list, at most `limit` answers in that world and WORLDS_KEPT worlds (a new world
    beyond takes the place of the first one kept). Whether it was kept."""
    found = kept_body(response, schema)
    if found is None:
        return False
    answers = _answers.get(schema)
    if answers is None:
        if len(_answers) >= WORLDS_KEPT:
            # list() copies at once (other threads may add meanwhile).
            for stale in [world for world, kept in list(_answers.items()) if not _current(kept)]:
                _answers.pop(stale, None)
        if len(_answers) >= WORLDS_KEPT:
            first = next((world for world in list(_answers) if world != MAIN_SCHEMA), "")
            _answers.pop(first, None)
        answers = _answers.setdefault(schema, {})
    if key not in answers and len(answers) >= limit:
        for stale, answer in list(answers.items()):
            if not answer.current():
                answers.pop(stale, None)
        if len(answers) >= limit:
            return False
    answers[key] = KeptAnswer(*found, response)
    return True


def _current(answers: dict[tuple, KeptAnswer]) -> bool:
    return any(answer.current() for answer in list(answers.values()))


def keep_not_modified(answer: KeptAnswer, response) -> None:
    """The stack's 304 for this answer's body, kept while the same list is. (Its ETag is
    strong: ConditionalGet answers inside GZip, which makes a compressed one weak.)"""
    if (
        response.status_code == 304
        and not response.cookies
        and answer.current()
        and response.get("ETag", "").removeprefix("W/") == answer.etag.removeprefix("W/")
    ):
        answer.not_modified = KeptAnswer(answer.list_key, answer.body_kept, response)


class KeptAnswersMiddleware:
    """Replays the kept answer of a plain request of the main world, or runs the whole stack
    and keeps its answer when it is a kept body (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = replay_key(request)
        if key is None:
            return self.get_response(request)
        if_none_match = request.META.get(IF_NONE_MATCH)
        answer = kept_answer(MAIN_SCHEMA, key)
        if answer is None:
            response = self.get_response(request)
            if if_none_match is None and getattr(request, "sandbox_id", None) is None:
                keep_answer(MAIN_SCHEMA, key, response, limit=ANSWERS_KEPT)
            return response
        if if_none_match is None or not answer.matches(if_none_match):
            return answer.response()  # ConditionalGet answers as without If-None-Match
        not_modified = answer.not_modified
        if not_modified is not None:
            return not_modified.response()
        response = self.get_response(request)
        keep_not_modified(answer, response)
        return response
