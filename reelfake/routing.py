"""URL helpers: every route answers with or without a trailing slash, never a redirect."""

import functools

from django.urls import URLResolver, re_path
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


class MemoizedResolver(URLResolver):
    """An include() whose matches are remembered per path: Django tries the API's patterns
    one by one, about 30 regular expressions before /api/genres, on every request. The
    patterns never change while the process runs, so a path resolves the same way each time.
    Paths that match nothing are not remembered (Resolver404 is raised again), and at most
    MAX_PATHS are kept, least recently used first out."""

    MAX_PATHS = 4096

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.resolve = functools.lru_cache(maxsize=self.MAX_PATHS)(super().resolve)
