"""Request body parsers."""

from rest_framework import parsers

from reelfake.exceptions import ApplicationError

MSG_JSON_TOO_DEEP = "JSON in request body is nested too deeply"


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, except that a body nested deeper than Python's recursion limit
    (thousands of `[` or `{"a":`) is a 400, not a RecursionError that would answer 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ApplicationError(MSG_JSON_TOO_DEEP) from None
