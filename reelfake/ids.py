"""Integers from request text: path ids, `page`, JSON ids. ASCII digits only (no `²`, no
spaces, no `+`), and never a 500 for more digits than Python converts
(sys.get_int_max_str_digits): such values are simply not integers here."""

from __future__ import annotations

import re

from reelfake.exceptions import ApplicationError
from reelfake.messages import MSG_INVALID_STAFF_ID, MSG_NOT_FOUND

_DIGITS = re.compile(r"[0-9]+")
_SIGNED_DIGITS = re.compile(r"-?[0-9]+")


def is_ascii_number_text(raw: str) -> bool:
    """Whether text may stand for a number: ASCII only and no `_`. int(), float() and
    Decimal() also read other scripts' digits ("٣" is 3, "３" is 3) and `_` between digits
    ("1_0" is 10); a number sent as text must be spelled as path ids are
    (docs/security.md "Numbers")."""
    return raw.isascii() and "_" not in raw


def int_from_text(raw: str | None, *, signed: bool = False) -> int | None:
    """The integer `raw` spells (a leading minus only when `signed`), or None."""
    if raw is None or not (_SIGNED_DIGITS if signed else _DIGITS).fullmatch(raw):
        return None
    try:
        return int(raw)
    except ValueError:  # too many digits
        return None


def int_from_json(value) -> int | None:
    """An integer sent as a JSON number (2 or 2.0) or a digit string ("2", " -2 "); None for
    anything else (booleans, fractions, text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        return int_from_text(value.strip(), signed=True)
    return None


def positive_id(raw: str, message: str) -> int:
    """A path id that must be an integer > 0, else 400 with the route's message."""
    value = int_from_text(raw)
    if value is None or value < 1:
        raise ApplicationError(message)
    return value


def integer_id(raw: str, message: str) -> int:
    """A path id that must be an integer (0 and negatives are simply not found), else 400."""
    value = int_from_text(raw, signed=True)
    if value is None:
        raise ApplicationError(message)
    return value


def path_id(raw: str, message: str) -> int:
    """An id from the path; not an integer → 400 `message`. Unknown ids (0, negative, too
    large) are left to the lookup, which finds nothing."""
    value = int_from_json(raw)
    if value is None:
        raise ApplicationError(message)
    return value


def staff_path_id(raw: str, not_found: str = MSG_NOT_FOUND) -> int:
    """Staff ids: non-numeric → 400 "Invalid staff id"; 0 or negative → 404 `not_found`
    (the contract's answers)."""
    value = int_from_text(raw, signed=True)
    if value is None:
        raise ApplicationError(MSG_INVALID_STAFF_ID)
    if value < 1:
        raise ApplicationError(not_found, status=404)
    return value
