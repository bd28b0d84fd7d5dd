"""DRF authentication from the `auth_token` cookie (or `Authorization: Bearer …`).

Settings live in one block: SIMPLE_JWT in reelfake/settings.py (HS256, JWT_SECRET, 1 hour).
A missing, expired, malformed or forged token never fails the request here: public routes
must keep working with a stale cookie. The caller stays anonymous, and the role permission
classes answer 401 "Invalid or expired token" on protected routes."""

from django.conf import settings
from rest_framework.authentication import BaseAuthentication
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken

from accounts.identity import user_from_claims


def raw_token(request) -> str | None:
    """The bearer token when one is sent, else the cookie: a stale cookie left in a client
    must not hide the token it deliberately sends (docs/security.md "Sessions and tokens")."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.COOKIES.get(settings.AUTH_COOKIE_NAME) or None


class CookieJWTAuthentication(BaseAuthentication):
    def authenticate(self, request):
        raw = raw_token(request)
        if raw is None:
            return None
        try:
            token = AccessToken(raw)
        except TokenError:
            return None
        user = user_from_claims(token.payload)
        if user is None:
            return None
        return user, token

    def authenticate_header(self, request):
        # Present so that DRF answers 401 (not 403) to unauthenticated calls.
        return 'Bearer realm="api"'
