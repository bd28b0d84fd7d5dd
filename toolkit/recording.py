"""What the inspector records of a request: who sent what, with secrets masked, and the
diagnosis of the frontend mistakes that cost people hours (docs/toolkit.md "Request
inspector"). Pure functions of the request and response, except the login lookup of
`diagnose_missing_cookie`."""

from __future__ import annotations

import datetime
import json
import re

import jwt
from django.conf import settings
from django.utils import timezone

from reelfake.middleware import origin_is_allowed

BODY_LIMIT = 4096
PATH_LIMIT = 2000
# Bodies larger than this are not parsed as JSON for masking; their text is masked instead.
PARSE_LIMIT = 256 * 1024
MASK = "***"
_SECRET_KEY = re.compile(
    r"pass(word)?|token|secret|authorization|refresh|access|jwt|api[_-]?key|cookie", re.I
)
_SECRET_PAIR = re.compile(
    # Bounded runs around the key word: unbounded ones made the scan quadratic in the text
    # (a 1 MB query string held a thread for minutes).
    r"""(["']?[\w-]{0,64}(?:pass(?:word)?|token|secret|refresh|access|jwt|api[_-]?key)"""
    r"""[\w-]{0,64}["']?"""
    r"""\s*[=:]\s*)("[^"]*"|'[^']*'|[^&\s,;}]*)""",
    re.I,
)
_JWT = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")
TEXT_TYPES = ("application/json", "text/", "application/x-www-form-urlencoded")
TRACKING_WITHOUT_API = re.compile(r"^/movies/upload/track(_validation)?/?$", re.I)
LOGIN_PATH = "/api/auth/login"

MSG_NO_COOKIE = (
    "No auth_token cookie arrived, but a login answered 200 at {at} and set one. fetch() sends "
    "cookies to another origin only with credentials: 'include' (axios: withCredentials: "
    "true), on the login request and on every later one. The cookie is Secure with "
    "SameSite={samesite}: a browser keeps it only for pages on https:// or http://localhost."
)
MSG_ORIGIN_REFUSED = (
    "Origin {origin} is not allowed, so the browser hides this answer from the page (and unsafe "
    "methods are refused with 403). Add it to CORS_ALLOWED_ORIGINS (comma-separated, e.g. "
    "CORS_ALLOWED_ORIGINS={origin}) or match it with CORS_ALLOWED_ORIGIN_REGEXES."
)
MSG_JSON_AS_TEXT = (
    "The body is JSON but was sent as {content_type}: fetch() sends a string body as "
    "text/plain. Add the header 'Content-Type': 'application/json'."
)
MSG_FORM_DATA = (
    "The body was sent as form data ({content_type}); this route reads JSON. Send "
    "JSON.stringify(data) with the header 'Content-Type': 'application/json'."
)
MSG_TRACKING_WITHOUT_API = (
    "An EventSource (or fetch) was opened on trackingUrl as given, without the API base: "
    "trackingUrl is relative to /api. Open new EventSource(API_BASE + '/api' + trackingUrl, "
    "{{ withCredentials: true }})."
)
MSG_TOKEN_EXPIRED = (
    "The access token expired at {at} (access tokens last {minutes} minutes after login): call "
    "POST /api/auth/refresh (the refresh cookie is sent with credentials: 'include'), then "
    "retry this request."
)
MSG_PAGE_PAST_LAST = (
    "Page {page} is past the last page ({last}): read pagination.totalPages (or follow "
    "pagination.next until it is null) instead of counting pages yourself."
)


def credentials_of(request) -> str:
    cookie = settings.AUTH_COOKIE_NAME in request.COOKIES
    scheme, _, value = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    bearer = scheme.lower() == "bearer" and bool(value.strip())
    if cookie and bearer:
        return "cookie+bearer"
    return "bearer" if bearer else "cookie" if cookie else "none"


def cors_decision(request) -> str:
    origin = request.headers.get("Origin")
    if origin is None:
        return "none"
    try:
        if origin == f"{request.scheme}://{request.get_host()}":
            return "same-origin"
    except Exception:  # a disallowed Host: not our own origin
        pass
    return "allowed" if origin_is_allowed(origin, request) else "refused"


def _mask_value(value):
    if isinstance(value, dict):
        return {
            key: (MASK if _SECRET_KEY.search(str(key)) and item is not None else _mask_value(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_mask_value(item) for item in value]
    if isinstance(value, str):
        return _JWT.sub(MASK, value)
    return value


def mask_text(text: str, limit: int = BODY_LIMIT) -> str:
    """Secrets in any text: values of password/token-like keys and anything shaped like a
    JWT. Only the first `limit` characters are kept (and scanned): what is shown is cut there
    anyway, and the scan's cost stays bounded whatever a client sends."""
    text = text[:limit]
    text = _SECRET_PAIR.sub(lambda m: m.group(1) + MASK, text)
    return _JWT.sub(MASK, text)


def masked_body(raw: bytes | None, content_type: str | None) -> str | None:
    """The body as text with secrets masked, cut at BODY_LIMIT characters."""
    if not raw:
        return None
    content_type = (content_type or "").lower()
    if not content_type.startswith(TEXT_TYPES):
        return f"({len(raw)} bytes of {content_type or 'unknown type'})"
    text = raw.decode("utf-8", errors="replace")
    masked = None
    if len(raw) <= PARSE_LIMIT:
        try:
            masked = json.dumps(_mask_value(json.loads(text)), ensure_ascii=False)
        except ValueError:
            masked = None
    if masked is None:
        masked = mask_text(text, BODY_LIMIT + 1)
    if len(masked) > BODY_LIMIT:
        masked = masked[:BODY_LIMIT] + f"… (cut: {len(raw)} bytes in all)"
    return masked


def _token(request) -> str | None:
    scheme, _, value = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.COOKIES.get(settings.AUTH_COOKIE_NAME) or None


def _expired_at(request) -> datetime.datetime | None:
    """When the request's genuine token expired, if it has."""
    raw = _token(request)
    if raw is None:
        return None
    jwt_settings = settings.SIMPLE_JWT
    try:
        claims = jwt.decode(
            raw,
            jwt_settings["SIGNING_KEY"],
            algorithms=[jwt_settings["ALGORITHM"]],
            options={"verify_exp": False, "verify_aud": False},
        )
        expires = datetime.datetime.fromtimestamp(int(claims["exp"]), tz=datetime.UTC)
    except (jwt.PyJWTError, KeyError, TypeError, ValueError, OverflowError):
        return None
    return expires if expires <= timezone.now() else None


def _json(raw: bytes | None):
    if not raw or len(raw) > PARSE_LIMIT:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def diagnose(
    request, status: int, credentials: str, cors: str, request_raw, response_raw, last_login
) -> list[dict]:
    """The diagnoses of one request; `last_login()` gives the time of this world's last
    successful login, and is only called for a 401 without credentials."""
    found = []
    path = request.path_info
    content_type = (request.content_type or "").lower()
    if status == 401 and credentials == "none":
        at = last_login()
        if at is not None:
            samesite = settings.AUTH_COOKIE_SAMESITE
            found.append(
                {
                    "code": "no-cookie-after-login",
                    "message": MSG_NO_COOKIE.format(
                        at=at.isoformat(timespec="seconds"), samesite=samesite
                    ),
                }
            )
    if cors == "refused":
        origin = request.headers.get("Origin")
        found.append(
            {"code": "origin-not-allowed", "message": MSG_ORIGIN_REFUSED.format(origin=origin)}
        )
    if request.method in ("POST", "PUT", "PATCH") and status >= 400 and request_raw:
        if content_type.startswith("text/plain") and _json(request_raw) is not None:
            found.append(
                {
                    "code": "json-as-text",
                    "message": MSG_JSON_AS_TEXT.format(content_type=content_type),
                }
            )
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data") and (
            "/upload" not in path
        ):
            found.append(
                {"code": "form-data", "message": MSG_FORM_DATA.format(content_type=content_type)}
            )
    if status == 404 and TRACKING_WITHOUT_API.match(path):
        found.append({"code": "tracking-url-without-api", "message": MSG_TRACKING_WITHOUT_API})
    if status == 401 and credentials != "none":
        expired = _expired_at(request)
        if expired is not None:
            lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"]
            message = MSG_TOKEN_EXPIRED.format(
                at=expired.isoformat(timespec="seconds"),
                minutes=int(lifetime.total_seconds() // 60),
            )
            found.append({"code": "token-expired", "message": message})
    if request.method == "GET" and "page" in request.GET and status in (200, 404):
        page = _page_past_last(request, status, response_raw)
        if page is not None:
            found.append({"code": "page-past-last", "message": MSG_PAGE_PAST_LAST.format(**page)})
    return found


def _page_past_last(request, status, response_raw) -> dict | None:
    try:
        page = int(request.GET["page"])
    except ValueError:
        return None
    body = _json(response_raw)
    if not isinstance(body, dict):
        return None
    pagination = body.get("pagination")
    if isinstance(pagination, dict) and isinstance(pagination.get("totalPages"), int):
        last = pagination["totalPages"]
        return {"page": page, "last": last} if page > last else None
    if status == 404 and body.get("message") == "Page out of range":
        return {"page": page, "last": "this list has fewer pages"}
    return None
