"""DRF authentication from the `auth_token` cookie (or `Authorization: Bearer …`).

Settings live in one block: SIMPLE_JWT in reelfake/settings.py (HS256, JWT_SECRET, 1 hour).
A missing, expired, malformed or forged token never fails the request here: public routes
must keep working with a stale cookie. The caller stays anonymous, and the role permission
classes answer 401 "Invalid or expired token" on protected routes."""

from django.conf import settings
from rest_framework.authentication import BaseAuthentication
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken
from rest_framework_simplejwt.utils import aware_utcnow

from accounts.identity import user_from_claims

# Access tokens whose signature and claims were verified, by their text (docs/security.md
# "Sessions and tokens"): verifying one costs a request more Python time than re-reading the
# user (PyJWT checks the base64 alphabet character by character), and a client sends the same
# token for up to an hour. Only that verification is kept: the expiry is checked again on
# every use, and the user behind the token is re-read on every request (accounts/identity.py).
# When full, the dict starts over. (The signing key is read once per process, by simplejwt's
# token backend too: a new JWT_SECRET takes a restart either way.)
VERIFIED_TOKENS_MAX = 1024
_verified: dict[str, AccessToken] = {}


def raw_token(request) -> str | None:
    """The bearer token when one is sent, else the cookie: a stale cookie left in a client
    must not hide the token it deliberately sends (docs/security.md "Sessions and tokens")."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.COOKIES.get(settings.AUTH_COOKIE_NAME) or None


def verified_token(raw: str) -> AccessToken | None:
    """The access token `raw` is, when its signature is ours and it has not expired."""
    token = _verified.get(raw)
    if token is not None:
        try:
            token.check_exp(current_time=aware_utcnow())
        except TokenError:
            _verified.pop(raw, None)
            return None
        return token
    try:
        token = AccessToken(raw)
    except TokenError:
        return None
    if len(_verified) >= VERIFIED_TOKENS_MAX:
        _verified.clear()
    _verified[raw] = token
    return token


class CookieJWTAuthentication(BaseAuthentication):
    def authenticate(self, request):
        raw = raw_token(request)
        if raw is None:
            return None
        token = verified_token(raw)
        if token is None:
            return None
        user = user_from_claims(token.payload)
        if user is None:
            return None
        return user, token

    def authenticate_header(self, request):
        # Present so that DRF answers 401 (not 403) to unauthenticated calls.
        return 'Bearer realm="api"'
