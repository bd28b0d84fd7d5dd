"""Email addresses on writes (docs/security.md "Emails"): every write that stores an email
checks it is one; login looks an address up as it was typed and needs no check."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MSG_INVALID_EMAIL = "Please provide a valid email"


def is_email(value: str) -> bool:
    """Whether `value` is an email address as Django's EmailValidator reads one (a local
    part, `@`, a domain with a dot or `localhost`), with nothing around it."""
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True
