"""Request body parsers."""

from __future__ import annotations

import codecs
import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from reelfake.exceptions import ApplicationError

MSG_JSON_TOO_DEEP = "JSON in request body is nested too deeply"
MSG_LONE_SURROGATE = "Text values cannot contain unpaired surrogates"

# No route takes more than a few levels (a store's manager's address is 3); 64 leaves room
# and keeps every recursive walk of the data (validation, NUL and surrogate checks,
# serializers) far from Python's recursion limit (docs/security.md "Request bodies").
MAX_JSON_DEPTH = 64

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text opens more than `limit` arrays or objects inside each other, found
    without recursion: brackets inside strings do not count. Malformed text is measured as
    well as it can be; json.loads refuses it afterwards anyway."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub("", text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


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
    """DRF's JSON parser, except that a body nested deeper than MAX_JSON_DEPTH is a 400
    before it is decoded (nothing downstream then recurses deeply: a few hundred levels were
    a RecursionError, 500, in the checks and serializers that walk the data), and so is a
    string holding an unpaired surrogate."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
        except ValueError as exc:  # undecodable bytes
            raise ParseError(f"JSON parse error - {exc}") from None
        if json_too_deep(text):
            raise ApplicationError(MSG_JSON_TOO_DEEP)
        parse_constant = json.strict_constant if self.strict else None
        try:
            data = json.loads(text, parse_constant=parse_constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        except RecursionError:  # not reached below MAX_JSON_DEPTH; kept as a backstop
            raise ApplicationError(MSG_JSON_TOO_DEEP) from None
        if _has_lone_surrogate(data):
            raise ApplicationError(MSG_LONE_SURROGATE)
        return data
