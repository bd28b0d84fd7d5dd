"""Renderers: JSON with an explicit charset, and text/event-stream for SSE tracking views."""

import json
from typing import TypeVar

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

# orjson writes what DRF's json.dumps would (compact, UTF-8), several times faster. Dates
# and times go through DRF's encoder (its `Z` and milliseconds), as do Decimals, lazy
# strings and anything else orjson does not know; non-string keys become strings as json
# makes them. One difference remains: floats under 1e-4 get the exponent 1e-5, not 1e-05.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_OPTIONS |= orjson.OPT_NON_STR_KEYS
_drf_default = JSONEncoder().default


class KeptBody(dict):
    """A response body answered again and again unchanged (a reference list kept in memory,
    reelfake/reference.py): JSONRenderer renders it once and keeps the bytes with it,
    reelfake.middleware.ConditionalGetMiddleware their ETag and GZipMiddleware their
    compressed bytes.

    A kept one is kept as bytes only (bytes_only(): every kept answer of
    reelfake/kept_pages.py, places/kept.py): emptied once rendered, it answers its bytes as
    before, and an indented answer (rare) reads its items back from them."""

    rendered: bytes | None = None
    etag: str | None = None
    gzipped: bytes | None = None


class RenderedBody(dict):
    """A private body answered unchanged to many callers, each checked by the view (a staff
    list page kept in memory, reelfake/kept_pages.py): JSONRenderer renders it once and keeps
    the bytes with it. Not a KeptBody: the middlewares compress it per answer, as any private
    answer (with Django's random bytes against BREACH). Kept as bytes only, as a KeptBody."""

    rendered: bytes | None = None


B = TypeVar("B", KeptBody, RenderedBody)


def bytes_only(body: B) -> B:
    """`body` rendered now and emptied: kept, it costs its bytes (and later its gzip), not its
    items as Python objects, several times larger (docs/performance.md "Worker memory over a
    soak"). It answers the same bytes; an indented answer reads its items back from them.
    Call it before the body is shared: another thread must never see it half emptied."""
    # A copy of exactly its length: orjson's bytes keep the slack of its growing buffer
    # (a 15 kB movie page held 32 kB), kept for as long as the body is.
    body.rendered = memoryview(JSONRenderer().render(body)).tobytes()
    body.clear()
    return body


class JSONRenderer(renderers.JSONRenderer):
    # Clients compare the exact header `application/json; charset=utf-8`.
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None or self.get_indent(accepted_media_type, renderer_context or {}):
            if _kept_as_bytes(data):
                data = json.loads(data.rendered)  # kept as bytes only (bytes_only())
            return super().render(data, accepted_media_type, renderer_context)
        if type(data) is KeptBody or type(data) is RenderedBody:
            if data.rendered is None:
                data.rendered = self._compact(data, accepted_media_type, renderer_context)
            return data.rendered
        return self._compact(data, accepted_media_type, renderer_context)

    def _compact(self, data, accepted_media_type, renderer_context) -> bytes:
        try:
            body = orjson.dumps(data, default=_drf_default, option=_OPTIONS)
        except (orjson.JSONEncodeError, TypeError, ValueError):
            # What orjson refuses (integers past 64 bits, NaN...): json, as DRF does it.
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF: U+2028 and U+2029 escaped, for JavaScript that evals JSON.
        return body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")


def _kept_as_bytes(data) -> bool:
    return (
        (type(data) is KeptBody or type(data) is RenderedBody)
        and not data
        and data.rendered is not None
    )


class EventStreamRenderer(renderers.BaseRenderer):
    """Lets EventSource (Accept: text/event-stream) reach SSE views; DRF negotiates before
    the handler runs. Errors raised before the stream starts are still JSON-encoded."""

    media_type = "text/event-stream"
    format = "event-stream"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data, "application/json", renderer_context)
