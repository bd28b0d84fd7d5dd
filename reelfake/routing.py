"""URL helpers: every route answers with or without a trailing slash, never a redirect."""

from django.urls import ResolverMatch, URLResolver, re_path
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
    """An include() whose matches of fixed paths are remembered: Django tries the API's
    patterns one by one, about 30 regular expressions before /api/genres, on every request.
    The patterns never change while the process runs, so a path resolves the same way each
    time. Only matches that capture nothing are kept (/api/genres, /api/movies: a bounded set,
    the routes themselves): a path with an id is resolved each time, since remembering every
    id a client sends cost ~5 kB per path and grew each worker by tens of MB in the soak.
    Paths that match nothing are not remembered (Resolver404 is raised again)."""

    MAX_PATHS = 512

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.remembered: dict[str, object] = {}

    def resolve(self, path):
        match = self.remembered.get(path)
        if match is not None:
            return match
        match = super().resolve(path)
        if not match.args and not match.kwargs and len(self.remembered) < self.MAX_PATHS:
            # Without the patterns tried before the match (~30), which the enclosing resolver
            # would copy into each request's match; nothing reads them from a match (Django's
            # debug 404 page lists those of a failed resolution, which is never remembered).
            self.remembered[path] = ResolverMatch(
                match.func,
                match.args,
                match.kwargs,
                match.url_name,
                match.app_names,
                match.namespaces,
                match.route,
                None,
                captured_kwargs=match.captured_kwargs,
                extra_kwargs=match.extra_kwargs,
            )
        return match
