"""Renderers: JSON with an explicit charset, and text/event-stream for SSE tracking views."""

from rest_framework import renderers


class JSONRenderer(renderers.JSONRenderer):
    # Clients compare the exact header `application/json; charset=utf-8`.
    charset = "utf-8"


class EventStreamRenderer(renderers.BaseRenderer):
    """Lets EventSource (Accept: text/event-stream) reach SSE views; DRF negotiates before
    the handler runs. Errors raised before the stream starts are still JSON-encoded."""

    media_type = "text/event-stream"
    format = "event-stream"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data, "application/json", renderer_context)
