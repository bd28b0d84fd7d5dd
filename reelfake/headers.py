"""Response headers that keep private answers out of shared caches and confine what the HTML
pages may load (docs/security.md "Caching and page policies")."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

CSP_HEADER = "Content-Security-Policy"
# Swagger UI and Redoc come from drf_spectacular_sidecar's static files (same origin). Their
# own inline script carries the request's nonce (reelfake/templates/reelfake/); both libraries
# set inline styles as they render, and Redoc's search runs in a worker built from a blob: URL.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Django's admin loads its scripts from static files; a few templates use style attributes.
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
DOCS_URL_NAMES = {"docs", "redocs"}


def carries_credentials(request) -> bool:
    """The request sent an API token: the auth cookie or an Authorization header."""
    return settings.AUTH_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


def _is_public(response) -> bool:
    directives = response.get("Cache-Control", "").split(",")
    return any(directive.strip().lower() == "public" for directive in directives)


class ResponseHeadersMiddleware:
    """The headers this project adds to its own answers, in one layer (docs/security.md
    "Caching and page policies"). Sits inside WhiteNoise (static files keep their caching)
    and ConditionalGetMiddleware (no ETag for private answers).

    - Private answers: an answer to a request that carried credentials, or one that sets a
      cookie, is about one user: `Cache-Control: private, no-store` so no proxy or browser
      cache keeps it (nor makes an ETag for it), and `Vary: Cookie, Authorization` for caches
      that ignore that. Public requests keep their ETags and caching, and so does an answer
      its view marked `Cache-Control: public` (the same for everyone: generated posters),
      which browsers fetch with the cookie attached.
    - A Content-Security-Policy on the admin and the API docs pages (the HTML this server
      renders); JSON answers need none. The docs pages get a fresh nonce, `request.csp_nonce`,
      for their inline script.
    - X-Frame-Options (settings.X_FRAME_OPTIONS), as Django's XFrameOptionsMiddleware sets it:
      unless the answer has one or its view is @xframe_options_exempt."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.frame_options = settings.X_FRAME_OPTIONS.upper()

    def __call__(self, request):
        response = self.get_response(request)
        headers = response.headers
        if "X-Frame-Options" not in headers and not getattr(
            response, "xframe_options_exempt", False
        ):
            headers["X-Frame-Options"] = self.frame_options
        policy = getattr(request, "csp_policy", None)
        if policy and CSP_HEADER not in headers:
            headers[CSP_HEADER] = policy
        if response.cookies or (carries_credentials(request) and not _is_public(response)):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ("Cookie", "Authorization"))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if match.app_name == "admin":
            request.csp_policy = ADMIN_POLICY
        elif match.url_name in DOCS_URL_NAMES:
            request.csp_nonce = secrets.token_urlsafe(16)
            request.csp_policy = DOCS_POLICY.format(nonce=request.csp_nonce)
        return None
