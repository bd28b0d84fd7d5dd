"""DRF authentication from the `auth_token` cookie (or `Authorization: Bearer …`).

Settings live in one block: SIMPLE_JWT in reelfake/settings.py (HS256, JWT_SECRET, 1 hour).
A missing, expired, malformed or forged token never fails the request here: public routes
must keep working with a stale cookie. The caller stays anonymous, and the role permission
classes answer 401 "Invalid or expired token" on protected routes."""

from django.conf import settings
from rest_framework.authentication import BaseAuthentication
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken

from accounts.identity import current_user
from reelfake.db.worlds import MAIN_WORLD, current_world


def token_in_this_world(token) -> bool:
    """A token belongs to the world it was issued in (docs/sandboxes.md "Isolation"); tokens
    without the claim predate sandboxes and belong to the main world."""
    return token.get("world", MAIN_WORLD.id) == current_world().id


def raw_token(request) -> str | None:
    cookie = request.COOKIES.get(settings.AUTH_COOKIE_NAME)
    if cookie:
        return cookie
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


class CookieJWTAuthentication(BaseAuthentication):
    def authenticate(self, request):
        raw = raw_token(request)
        if raw is None:
            return None
        try:
            token = AccessToken(raw)
        except TokenError:
            return None
        if not token_in_this_world(token):
            return None
        user_id, email, role = token.get("id"), token.get("email"), token.get("role")
        if not isinstance(user_id, int) or not isinstance(email, str) or not isinstance(role, str):
            return None
        user = current_user(user_id=user_id, email=email, role=role)
        if user is None:
            return None
        return user, token

    def authenticate_header(self, request):
        # Present so that DRF answers 401 (not 403) to unauthenticated calls.
        return 'Bearer realm="api"'
