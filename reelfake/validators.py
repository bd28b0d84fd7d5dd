"""Body values the way the contract reads them, shared by the people and stores writes.

The contract ignores empty or falsy values ("not sent") and answers its own messages for a
wrong type or an oversized value (never the database's error). Input serializers' fields
(people/serializers.py, stores/serializers.py) and services call these."""

from __future__ import annotations

from reelfake.emails import MSG_INVALID_EMAIL, is_email
from reelfake.exceptions import ApplicationError
from reelfake.ids import int_from_text
from reelfake.messages import MSG_NUL

NAME_MAX = 45
EMAIL_MAX = 100
PHONE_MAX = 20
AVATAR_MAX = 120
INT_MAX = 2_147_483_647  # PostgreSQL integer: a larger id names no row


def is_sent(value) -> bool:
    """The contract ignores empty or falsy body values (JavaScript truthiness: an empty
    object or list counts as sent)."""
    if value is None or value is False or value == "":
        return False
    return not (isinstance(value, int | float) and value == 0)


def sent_values(**values) -> dict:
    """The keyword arguments a write was given a value for (None: not sent, left as it is)."""
    return {key: value for key, value in values.items() if value is not None}


def text_field(value, label: str, max_length: int, *, numbers: bool = False) -> str | None:
    """A string body field: None when not sent; a wrong type or an oversized value → 400
    (never the database's error, P14)."""
    if not is_sent(value):
        return None
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # phone numbers sent as JSON numbers
    if not isinstance(value, str):
        raise ApplicationError(f"{label} must be a string")
    if not value.strip():
        return None
    if len(value) > max_length:
        raise ApplicationError(f"{label} must be at most {max_length} characters long")
    return value


def email_field(value) -> str | None:
    """An email body field: None when not sent; text that is no email address → 400
    (docs/security.md "Emails")."""
    email = text_field(value, "Email", EMAIL_MAX)
    if email is not None and not is_email(email):
        raise ApplicationError(MSG_INVALID_EMAIL)
    return email


def id_field(value, message: str) -> int | None:
    """An id in a body: an integer (or a string of digits) > 0; None when not sent."""
    if not is_sent(value):
        return None
    if isinstance(value, bool):
        raise ApplicationError(message)
    if isinstance(value, str):
        value = int_from_text(value.strip())  # None for "²", signs or too many digits
    if not isinstance(value, int) or value < 1:
        raise ApplicationError(message)
    return value


def person_fields(first_name, last_name, phone_number, avatar) -> dict:
    """A customer's or staff member's own text columns that were sent, checked."""
    fields = {
        "first_name": text_field(first_name, "First name", NAME_MAX),
        "last_name": text_field(last_name, "Last name", NAME_MAX),
        "phone_number": text_field(phone_number, "Phone number", PHONE_MAX, numbers=True),
        "avatar": text_field(avatar, "Avatar", AVATAR_MAX),
    }
    return {key: value for key, value in fields.items() if value is not None}


def reject_nul(value) -> None:
    """PostgreSQL text cannot hold NUL: a body string with one is a 400, not a driver error
    (500). Checks nested objects and lists."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ApplicationError(MSG_NUL)
    elif isinstance(value, dict):
        for item in value.values():
            reject_nul(item)
    elif isinstance(value, list):
        for item in value:
            reject_nul(item)
