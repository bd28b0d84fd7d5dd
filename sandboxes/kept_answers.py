"""Kept answers of sandboxes: a plain request for a reference list of a sandbox gets the whole
stack's last answer in that sandbox replayed, as the main world's does (reelfake/kept_answers.py,
docs/performance.md "Kept answers", docs/sandboxes.md "Kept answers in sandboxes").

Placed right after reelfake.kept_answers.KeptAnswersMiddleware, with its store and rules
(plain requests only; the answer replayed while its world keeps the very list it holds) and:

- the sandbox is the one SandboxMiddleware enters, found by the same function
  (sandboxes.middleware.sandbox_entered: the key's form, the remembered route, the once a
  minute touch), once per request: when the stack runs after all, SandboxMiddleware takes
  the same answer, so an unknown, expired or malformed key gets its 404 as before;
- answers are kept per sandbox schema (a reset from the pool is a new schema; a reset in
  place, a write to a reference table or a change of standing settings drops that
  sandbox's lists, reelfake/reference.py), at most ANSWERS_KEPT_PER_SANDBOX per sandbox;
- a replayed request is recorded by the sandbox's request inspector as InspectorMiddleware
  records it (toolkit.middleware.record_request, the same fields: the status, Content-Type
  and plain body the inspector sees inside GZip and ConditionalGet);
- while standing settings of the sandbox apply to the path (docs/toolkit.md "Standing
  settings"), the whole stack answers, and an answer it gave with something injected is
  never kept.

Only requests whose key (path, Accept, gzip, ...) some sandbox kept an answer for resolve
their sandbox here; the others leave it to SandboxMiddleware, in its place, and are looked at
further only when their path is one some sandbox kept an answer for, or when the stack
answered them with a kept body."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from reelfake import kept_answers
from reelfake.db import worlds
from reelfake.kept_answers import IF_NONE_MATCH, KeptAnswer
from reelfake.renderers import KeptBody
from sandboxes.middleware import (
    ENTERED_ATTRIBUTE,
    HEADER_META,
    sandbox_address,
    sandbox_entered,
)
from sandboxes.selectors import Entered
from toolkit.injection import INJECTED_HEADER
from toolkit.middleware import inspector_records, record_request, request_bytes, standing_for
from toolkit.recording import masked_body

# Keys (reelfake.kept_answers.plain_key) of the answers sandboxes kept, and their paths; a
# stranger may try many paths, so at most this many (one more empties both sets first).
KEYS_KEPT = 256
_keys: set[tuple] = set()
_paths: set[str] = set()


@receiver(setting_changed)
def _forget_keys(**kwargs) -> None:
    _keys.clear()
    _paths.clear()


class SandboxKeptAnswersMiddleware:
    """Replays the kept answer of a plain request of a sandbox, or runs the whole stack and
    keeps its answer when it is a kept body of the sandbox (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.REELFAKE_SANDBOXES:
            return self.get_response(request)
        address = sandbox_address(request)
        if address is None:
            return self.get_response(request)
        sandbox_key, inner, by_path = address
        header = None if by_path else HEADER_META
        # The path in the sandbox: the script name (request.path without path_info) and the
        # path after the prefix. One sandbox has one key: nothing else in it differs.
        path = request.path[: len(request.path) - len(request.path_info)] + inner
        if path not in _paths:  # most requests: no need to look at them further
            response = self.get_response(request)
            if type(getattr(response, "data", None)) is KeptBody:
                _keep(request, kept_answers.plain_key(request, path, world_header=header), response)
            return response
        key = kept_answers.plain_key(request, path, world_header=header)
        if key not in _keys:
            response = self.get_response(request)
            _keep(request, key, response)
            return response
        entered = sandbox_entered(request, sandbox_key)
        if entered is None:  # SandboxMiddleware answers 404 with this very answer
            return self.get_response(request)
        try:
            return self._answer(request, key, entered, sandbox_key, inner)
        finally:
            worlds.leave()

    def _answer(self, request, key: tuple, entered: Entered, sandbox_key: str, inner: str):
        worlds.enter(entered.world)
        answer = kept_answers.kept_answer(entered.schema, key)
        if answer is None or standing_for(True, inner, entered.id) is not None:
            response = self.get_response(request)
            _keep(request, key, response)
            return response
        if_none_match = request.META.get(IF_NONE_MATCH)
        if if_none_match is None or not answer.matches(if_none_match):
            return _replay(request, answer, answer, entered, sandbox_key, inner)
        if answer.not_modified is not None:
            return _replay(request, answer, answer.not_modified, entered, sandbox_key, inner)
        response = self.get_response(request)
        if not response.has_header(INJECTED_HEADER):
            kept_answers.keep_not_modified(answer, response)
        return response


def _keep(request, key: tuple | None, response) -> None:
    """Keep the stack's answer to a plain request (`key`: None for another one) when
    SandboxMiddleware entered a sandbox for it and nothing was injected into it."""
    if key is None or IF_NONE_MATCH in request.META or response.has_header(INJECTED_HEADER):
        return
    entered = request.__dict__.get(ENTERED_ATTRIBUTE)
    if entered is None or getattr(request, "sandbox_id", None) != entered.id:
        return
    if key not in _keys and len(_keys) >= KEYS_KEPT:
        # The kinds still asked for come back as they are kept again.
        _keys.clear()
        _paths.clear()
    limit = kept_answers.ANSWERS_KEPT_PER_SANDBOX
    if kept_answers.keep_answer(entered.schema, key, response, limit=limit):
        _keys.add(key)
        _paths.add(key[1])


def _replay(
    request, answer: KeptAnswer, shown: KeptAnswer, entered: Entered, sandbox_key: str, inner: str
):
    """`shown` (the answer, or its 304), with what the stack does besides in a sandbox: the
    request as SandboxMiddleware leaves it, recorded by the inspector as it records the 200
    it sees (ConditionalGet answers the 304 outside it)."""
    started = time.perf_counter()
    request.path_info = inner
    request.sandbox_id = entered.id
    request.sandbox_key = sandbox_key
    response = shown.response()
    if inspector_records(request):
        content_type = answer.headers.get("content-type", (None, None))[1]
        content = answer.body_kept.rendered
        if answer.inspected is None:
            answer.inspected = masked_body(content, content_type)
        record_request(
            request,
            request_bytes(request),
            status=answer.status,
            content_type=content_type,
            content=content,
            started=started,
            response_body=answer.inspected,
        )
    return response
