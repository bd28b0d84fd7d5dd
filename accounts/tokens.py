"""JWTs (simplejwt, HS256, JWT_SECRET) and the cookies that carry them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http.cookies import Morsel

from django.conf import settings
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.identity import AuthenticatedUser
from reelfake.db.worlds import current_world

REFRESH_COOKIE_NAME = "refresh_token"
# The refresh cookie reaches /api/auth/refresh and /api/auth/logout (which ends the session
# with it once the access cookie expired); earlier releases scoped it to the refresh route.
REFRESH_COOKIE_PATH = "/api/auth"
LEGACY_REFRESH_COOKIE_PATH = "/api/auth/refresh"
ACCESS_MAX_AGE = int(timedelta(hours=1).total_seconds())
EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT"


def _claims(user: AuthenticatedUser) -> dict:
    created = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {
        "id": user.id,
        "email": user.email,
        "role": user.role,
        "createdAt": created,
        # The account's session generation: accounts/identity.py refuses a token once it moved.
        "sessionVersion": user.session_version,
        # The world (main or a sandbox) the token belongs to: refused in any other.
        "world": current_world().id,
    }


def access_token_for(user: AuthenticatedUser) -> str:
    token = AccessToken()
    for key, value in _claims(user).items():
        token[key] = value
    return str(token)


def refresh_token_for(user: AuthenticatedUser) -> str:
    token = RefreshToken()
    for key, value in _claims(user).items():
        token[key] = value
    return str(token)


def refresh_token_read(raw: str | None) -> RefreshToken | None:
    """A signed, unexpired, not blacklisted refresh token, or None."""
    if not raw:
        return None
    try:
        return RefreshToken(raw)
    except TokenError:
        return None


def _cookie_attributes(path: str) -> dict:
    return {
        "path": path,
        "secure": settings.AUTH_COOKIE_SECURE,
        "httponly": True,
        "samesite": settings.AUTH_COOKIE_SAMESITE,
    }


def set_auth_cookies(response, user: AuthenticatedUser) -> None:
    """The `auth_token` cookie of the contract (1 hour) plus a refresh cookie that only the
    auth routes receive."""
    response.set_cookie(
        settings.AUTH_COOKIE_NAME,
        access_token_for(user),
        max_age=ACCESS_MAX_AGE,
        **_cookie_attributes("/"),
    )
    response.set_cookie(
        REFRESH_COOKIE_NAME,
        refresh_token_for(user),
        max_age=int(settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds()),
        **_cookie_attributes(REFRESH_COOKIE_PATH),
    )


def clear_auth_cookies(response) -> None:
    """Expire the cookies with the attributes they were set with, so browsers drop them,
    including a refresh cookie still held under the path of earlier releases. A response
    holds one cookie per name in `response.cookies`: that one gets a slot of its own."""
    for name, path in (
        (settings.AUTH_COOKIE_NAME, "/"),
        (REFRESH_COOKIE_NAME, REFRESH_COOKIE_PATH),
    ):
        response.set_cookie(name, "", max_age=0, expires=EPOCH, **_cookie_attributes(path))
    legacy = Morsel()
    legacy.set(REFRESH_COOKIE_NAME, "", "")
    attributes = _cookie_attributes(LEGACY_REFRESH_COOKIE_PATH)
    legacy.update({**attributes, "max-age": 0, "expires": EPOCH})
    response.cookies[f"{REFRESH_COOKIE_NAME}@{LEGACY_REFRESH_COOKIE_PATH}"] = legacy
