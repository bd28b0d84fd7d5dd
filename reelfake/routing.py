"""URL helpers: every route answers with or without a trailing slash, never a redirect."""

import re

from django.urls import Resolver404, ResolverMatch, URLPattern, URLResolver, re_path
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


_REGEX_SPECIAL = set(".^$*+?{}[]\\|()")
_QUANTIFIERS = set("*+?{")
# Flags under which a pattern's leading characters are not the text it matches from the start.
_UNSAFE_FLAGS = re.IGNORECASE | re.MULTILINE | re.VERBOSE


def literal_prefix(pattern) -> tuple[str, bool]:
    """The text every path a URL pattern (RegexPattern or RoutePattern) matches starts with,
    and whether the pattern is that text and nothing more (an include's "" is). Read from the
    pattern's regular expression up to its first construct that is not a plain character; a
    character a quantifier follows is not part of it ("genres/?" starts with "genres"). A
    pattern not anchored at the start, or compiled with flags that change what its characters
    match, gives "" (it may match any path)."""
    regex = pattern.regex
    text = regex.pattern
    if regex.flags & _UNSAFE_FLAGS or not text.startswith("^"):
        return "", False
    prefix: list[str] = []
    i = 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            following = text[i + 1 : i + 2]
            if not following or following.isascii() and following.isalnum():
                break  # \d, \Z, \A, … are classes and anchors, not characters
            prefix.append(following)
            i += 2
            continue
        if char in _REGEX_SPECIAL:
            if char in _QUANTIFIERS and prefix:
                prefix.pop()
            break
        prefix.append(char)
        i += 1
    else:
        return "".join(prefix), True
    return "".join(prefix), False


def _leaves(patterns, base: str = ""):
    """(pattern, the literal text of paths it can match) for each URL pattern, looking inside
    includes whose own pattern is literal text only (path("", include(...)))."""
    for pattern in patterns:
        prefix, whole = literal_prefix(pattern.pattern)
        if isinstance(pattern, URLResolver) and whole:
            yield from _leaves(pattern.url_patterns, base + prefix)
        else:
            yield pattern, base + prefix


def _candidates(patterns, keep: set, chain: tuple = (), skip: int = 0):
    """(pattern, the literal includes around it, outermost first, and the length of their
    text) for each URL pattern in `keep`, in resolution order."""
    for pattern in patterns:
        if id(pattern) in keep:
            yield pattern, chain, skip
        elif isinstance(pattern, URLResolver):
            prefix, whole = literal_prefix(pattern.pattern)
            if whole:
                yield from _candidates(
                    pattern.url_patterns, keep, (*chain, pattern), skip + len(prefix)
                )


class MemoizedResolver(URLResolver):
    """An include() that resolves a path without trying every pattern (docs/performance.md
    "URL resolution of paths with ids"). Django tries the API's patterns one by one, about 40
    regular expressions before /api/movies/{id}, on every request.

    - Fixed paths (a match that captures nothing: /api/genres, /api/movies) are remembered,
      at most MAX_PATHS of them: a bounded set, the routes themselves.
    - Any other path is resolved by Django's own code over the patterns that can match it:
      those whose leading literal text (literal_prefix) the path starts with, in their order.
      A pattern whose text the path does not start with cannot match it, so the first match
      among them is the first match among all: the same ResolverMatch (view, kwargs, names,
      route), found after a few patterns instead of all. Which patterns can match depends only
      on which of the patterns' texts the path starts with (the texts a path starts with are
      prefixes of one another), so the candidate lists kept are at most one per pattern and
      first segment; nothing is kept per path with an id (each id would cost memory).
    - A path that no pattern matches is resolved again over all patterns, so its Resolver404
      is Django's own (the debug 404 page lists every pattern tried).
    - A match's `tried` (the patterns tried before it, which only the debug 404 page reads,
      for failed resolutions) lists only the patterns tried; remembered matches carry none."""

    MAX_PATHS = 512

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.remembered: dict[str, object] = {}
        self._by_segment: dict[str, list[tuple[str, int]]] | None = None
        self._tries: dict[tuple[int, ...], list] = {}

    def resolve(self, path):
        match = self.remembered.get(path)
        if match is not None:
            return match
        match = self._resolve_pruned(path)
        if not match.args and not match.kwargs and len(self.remembered) < self.MAX_PATHS:
            # Without the patterns tried before the match, which the enclosing resolver
            # would copy into each request's match.
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

    def _index(self) -> dict[str, list[tuple[str, int]]]:
        """For each first path segment some pattern names, the (literal text, pattern id) of
        every pattern that may match a path starting with that segment, in pattern order."""
        leaves = list(_leaves(self.url_patterns))
        segments = {prefix.partition("/")[0] for _, prefix in leaves}
        by_segment = {}
        for segment in segments:
            by_segment[segment] = [
                (prefix, id(pattern))
                for pattern, prefix in leaves
                if (
                    prefix.partition("/")[0] == segment
                    if "/" in prefix
                    else segment.startswith(prefix)
                )
            ]
        return by_segment

    def _resolve_pruned(self, path):
        by_segment = self._by_segment
        if by_segment is None:
            by_segment = self._by_segment = self._index()
        own = self.pattern.match(path)
        if own is None:
            return super().resolve(path)
        rest = own[0]
        candidates = by_segment.get(rest.partition("/")[0])
        if candidates is None:
            # A first segment no pattern names: only patterns without literal text could
            # match; Django's resolution over all of them is exact and rare (mostly 404s).
            return super().resolve(path)
        keep = tuple(key for prefix, key in candidates if rest.startswith(prefix))
        tries = self._tries.get(keep)
        if tries is None:
            tries = self._tries[keep] = list(_candidates(self.url_patterns, set(keep)))
        for pattern, chain, skip in tries:
            if isinstance(pattern, URLPattern):
                found = pattern.pattern.match(rest[skip:])
                if not found:
                    continue
                # What URLPattern.resolve() returns, without building that match first.
                _, args, captured = found
                return self._joined(
                    pattern.callback,
                    args,
                    {**captured, **pattern.default_args},
                    pattern.pattern.name,
                    [],
                    [],
                    str(pattern.pattern),
                    captured,
                    pattern.default_args,
                    pattern,
                    chain,
                    own,
                )
            try:
                sub = pattern.resolve(rest[skip:])
            except Resolver404:
                continue
            return self._joined(
                sub.func,
                sub.args,
                sub.kwargs,
                sub.url_name,
                sub.app_names,
                sub.namespaces,
                sub.route,
                sub.captured_kwargs,
                sub.extra_kwargs,
                pattern,
                chain,
                own,
            )
        # Nothing matches: Django's own Resolver404, with every pattern tried.
        return super().resolve(path)

    def _joined(
        self,
        func,
        args,
        kwargs,
        url_name,
        app_names,
        namespaces,
        route,
        captured_kwargs,
        extra_kwargs,
        pattern,
        chain,
        own,
    ) -> ResolverMatch:
        """The match Django's URLResolver.resolve() builds from `pattern`'s match at each
        level out (the literal includes in `chain`, then this resolver), built once."""
        child = pattern
        levels = [(include, (), {}) for include in reversed(chain)]
        levels.append((self, own[1], own[2]))
        for level, level_args, level_kwargs in levels:
            merged = {**level_kwargs, **level.default_kwargs}
            merged.update(kwargs)
            if not merged:
                args = level_args + args
            kwargs = merged
            current_route = "" if isinstance(child, URLPattern) else str(child.pattern)
            route = URLResolver._join_route(current_route, route)
            app_names = [level.app_name, *app_names]
            namespaces = [level.namespace, *namespaces]
            extra_kwargs = {**level.default_kwargs, **extra_kwargs}
            child = level
        return ResolverMatch(
            func,
            args,
            kwargs,
            url_name,
            app_names,
            namespaces,
            route,
            None,
            captured_kwargs=captured_kwargs,
            extra_kwargs=extra_kwargs,
        )
