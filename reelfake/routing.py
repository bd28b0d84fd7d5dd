"""URL helpers: every route answers with or without a trailing slash, never a redirect."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter


def api_path(route: str, view, name: str | None = None):
    """`route` without slashes at either end, e.g. "genres" or "movies/(?P<pk>[^/]+)/stores".
    `\\Z`, not `$` (which also matches before a final newline), as Django's own path() does:
    a path ending in an encoded newline is that text, not the route without it."""
    return re_path(rf"^{route}/?\Z", view, name=name)


class OptionalSlashRouter(SimpleRouter):
    def __init__(self):
        # DRF reads `trailing_slash` as a flag ("/" or ""): set the optional-slash regex after.
        super().__init__()
        self.trailing_slash = "/?"
