"""Assertion helpers for the catalog tests."""


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def error(response) -> tuple[int, dict]:
    return response.status_code, response.json()


def bad_request(message: str, extra: dict | None = None) -> tuple[int, dict]:
    """400 with the contract's body; body validation adds the field errors under `extra`."""
    body = {"status": "error", "message": message}
    if extra is not None:
        body["extra"] = extra
    return 400, body


def field_error(field: str, message: str) -> tuple[int, dict]:
    """400 for one invalid field of a request body."""
    return bad_request(message, {field: [message]})


def not_found(message: str) -> tuple[int, dict]:
    return 404, {"status": "error", "message": message}


UNAUTHENTICATED = (401, {"status": "error", "message": "Invalid or expired token"})
FORBIDDEN = (
    403,
    {"status": "error", "message": "You are not authorized to perform this operation"},
)
