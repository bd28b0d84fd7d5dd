"""Failures and latency on demand (docs/toolkit.md "Failures on demand").

Sits inside CorsMiddleware (injected answers carry the CORS headers a real answer would) and
after DelayMiddleware (`delay` and `fail` combine into a slow failure), before sessions,
authentication and every view: an injected failure runs no view, so nothing is written.
The Origin check runs before it, so a foreign page's unsafe request is still refused 403."""

from __future__ import annotations

import random

from django.conf import settings

from reelfake.exceptions import error_body
from reelfake.latency import LatencyError, parse_latency
from reelfake.middleware import JsonUtf8Response
from reelfake.sleepers import bounded_sleep
from toolkit.injection import (
    INJECTED_HEADER,
    TIMEOUT_STATUS,
    FailError,
    FailSpec,
    injected_response,
    requested_fail,
)
from toolkit.selectors import standing_allowed, standing_settings_cached, world_key

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
