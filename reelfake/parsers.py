"""Request body parsers."""

from rest_framework import parsers

from reelfake.exceptions import ApplicationError

MSG_JSON_TOO_DEEP = "JSON in request body is nested too deeply"
MSG_LONE_SURROGATE = "Text values cannot contain unpaired surrogates"


def _has_lone_surrogate(value) -> bool:
    """JSON may escape half of a UTF-16 pair (`"\\ud800"`); such a string has no UTF-8 form,
    so PostgreSQL could never receive it (the driver raises: 500)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, except that a body nested deeper than Python's recursion limit
    (thousands of `[` or `{"a":`) is a 400, not a RecursionError that would answer 500, and
    so is a string holding an unpaired surrogate."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ApplicationError(MSG_JSON_TOO_DEEP) from None
        if _has_lone_surrogate(data):
            raise ApplicationError(MSG_LONE_SURROGATE)
        return data
