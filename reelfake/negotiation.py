"""Content negotiation that never answers 406/415.

Reelfake clients send whatever Accept header their HTTP library picks, and a body in a
content type other than JSON is treated as an empty body (the route's own validation then
answers), so negotiation falls back to the first renderer / an empty-body parser."""

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import BaseParser

PLAIN_ACCEPTS = frozenset({"*/*", "application/json"})


class EmptyBodyParser(BaseParser):
    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        if stream is not None:
            stream.read()
        return {}


class LenientContentNegotiation(DefaultContentNegotiation):
    def select_parser(self, request, parsers):
        return super().select_parser(request, parsers) or EmptyBodyParser()

    def select_renderer(self, request, renderers, format_suffix=None):
        # What DRF picks for the Accept headers clients send nearly always, without parsing
        # them: one JSON renderer, no format override (DRF answers the same, see tests/core).
        if (
            len(renderers) == 1
            and renderers[0].media_type == "application/json"
            and request.META.get("HTTP_ACCEPT", "*/*") in PLAIN_ACCEPTS
            and format_suffix is None
            and (
                not request.META.get("QUERY_STRING")
                or self.settings.URL_FORMAT_OVERRIDE not in request.query_params
            )
        ):
            return renderers[0], "application/json"
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            renderer = renderers[0]
            return renderer, renderer.media_type
