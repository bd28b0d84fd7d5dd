"""Every /api route is served by one DRF viewset or generic view: read from the URLconf itself,
so a route added as a plain function or a bare APIView fails here. (That each names its
permission classes: test_permission_classes.py.)"""

from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.generics import GenericAPIView
from rest_framework.viewsets import ViewSetMixin

# Third-party pages: drf-spectacular's documentation views (HTML around the schema).
NOT_OURS = (SpectacularSwaggerView, SpectacularRedocView)


def api_routes():
    """(regex, view class or None for a function) of every route under /api, /api itself
    included."""
    for route, view in _leaves(get_resolver().url_patterns, "/"):
        if route.startswith("/api"):
            yield route, view


def _leaves(patterns, prefix):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _leaves(pattern.url_patterns, prefix + _text(pattern))
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
            yield prefix + _text(pattern), view


def _text(pattern) -> str:
    return pattern.pattern.regex.pattern.lstrip("^")


def test_the_api_routes_are_read_from_the_urlconf():
    routes = dict(api_routes())
    assert len(routes) > 50
    assert "/api/?$" in routes
    assert any("health/live" in route for route in routes)


def test_every_api_route_is_a_viewset_or_a_generic_view():
    others = sorted(
        f"{route}: {view.__module__}.{view.__name__}" if view else f"{route}: a function"
        for route, view in api_routes()
        if view is None
        or not (issubclass(view, GenericAPIView | ViewSetMixin) or issubclass(view, NOT_OURS))
    )
    assert others == []


def test_no_api_route_is_declared_twice():
    routes = [route for route, _ in api_routes()]
    assert sorted({route for route in routes if routes.count(route) > 1}) == []
