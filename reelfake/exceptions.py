"""One exception handler maps every error to the contract's body.

4xx: {"status": "error", "message": "..."} (field details may ride along under "extra").
Unknown route or method: 404 {"message": "Route <path?query> does not exist"}.
5xx: a generic message; the details go to the log only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from reelfake.db.worlds import quota_exceeded, quota_message

logger = logging.getLogger("reelfake.errors")

MSG_UNAUTHENTICATED = "Invalid or expired token"
MSG_FORBIDDEN = "You are not authorized to perform this operation"
MSG_NOT_FOUND = "Resources not found"
MSG_MALFORMED_JSON = "Malformed JSON in request body"
MSG_SERVER_ERROR = "Internal server error"
MSG_BODY_TOO_LARGE = "Request body is too large: the limit is {limit}"


class ApplicationError(Exception):
    """A business-rule failure raised by services and selectors; becomes a 4xx answer."""

    def __init__(
        self,
        message: str,
        status: int = 400,
        extra: dict | None = None,
        headers: dict | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.extra = extra
        self.headers = headers


def constraint_name(exc: IntegrityError) -> str | None:
    """The name of the database constraint an IntegrityError violated (psycopg's diag)."""
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)


def constraint_errors_mapped(errors: dict[str, tuple[str, int]]) -> Callable:
    """Decorator for services: a violation of a named constraint (a concurrent request won a
    race the checks could not see) becomes that constraint's (message, status). Put it
    outside @transaction.atomic, so the failed transaction is rolled back first."""

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except IntegrityError as exc:
                known = errors.get(constraint_name(exc))
                if known is None:
                    raise
                message, status = known
                raise ApplicationError(message, status=status) from None

        return wrapper

    return decorate


def error_body(message: str, extra=None) -> dict:
    body = {"status": "error", "message": message}
    if extra:
        body["extra"] = extra
    return body


def message_body(message: str) -> dict:
    """The contract's error body without `status`: an unknown route, an upload without its
    file."""
    return {"message": message}


def route_not_found_body(request) -> dict:
    return message_body(f"Route {request.get_full_path()} does not exist")


def _flatten(detail) -> list[str]:
    """All messages of a DRF error detail, in order."""
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list | tuple):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def body_too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    size = f"{limit // 1024} kB" if limit % 1024 == 0 else f"{limit} bytes"
    return MSG_BODY_TOO_LARGE.format(limit=size)


def exception_handler(exc, context):
    request = context.get("request")
    headers = {}

    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.message, exc.extra), status=exc.status, headers=exc.headers)
    if isinstance(exc, Http404):
        message = str(exc)
        # Django's generic texts ("No Movie matches the given query.") become the contract's.
        if not message or message == "Not found." or message.endswith("matches the given query."):
            message = MSG_NOT_FOUND
        return Response(error_body(message), status=404)
    if isinstance(exc, DjangoPermissionDenied):
        return Response(error_body(MSG_FORBIDDEN), status=403)
    if isinstance(exc, DjangoValidationError):
        return Response(error_body("\n".join(exc.messages)), status=400)
    if isinstance(exc, exceptions.MethodNotAllowed) and request is not None:
        # The contract has no 405: an unknown method is an unknown route.
        return Response(route_not_found_body(request), status=404)
    if isinstance(exc, exceptions.ParseError):
        return Response(error_body(MSG_MALFORMED_JSON), status=400)
    if isinstance(exc, RequestDataTooBig):
        # A JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE (the contract's 100 kB).
        return Response(error_body(body_too_large_message()), status=413)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return Response(error_body(MSG_UNAUTHENTICATED), status=401)
    if isinstance(exc, exceptions.PermissionDenied):
        detail = str(exc.detail)
        message = MSG_FORBIDDEN if detail == exceptions.PermissionDenied.default_detail else detail
        return Response(error_body(message), status=403)
    if isinstance(exc, exceptions.NotFound):
        detail = str(exc.detail)
        message = MSG_NOT_FOUND if detail == exceptions.NotFound.default_detail else detail
        return Response(error_body(message), status=404)
    if isinstance(exc, exceptions.ValidationError):
        messages = _flatten(exc.detail)
        extra = exc.detail if isinstance(exc.detail, dict) else None
        return Response(error_body("\n".join(messages), extra), status=400)
    if isinstance(exc, exceptions.APIException):
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(int(exc.wait))
        message = "\n".join(_flatten(exc.detail))
        return Response(error_body(message), status=exc.status_code, headers=headers)

    quota = quota_exceeded(exc)
    if quota is not None:  # a sandbox's row quota (docs/sandboxes.md "Limits")
        return Response(error_body(quota_message(quota)), status=413)

    logger.exception("Unhandled error on %s", request.get_full_path() if request else "?")
    return Response(error_body(MSG_SERVER_ERROR), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
