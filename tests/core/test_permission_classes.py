"""Every DRF view of the URLconf names its permission classes (reelfake/permissions.py, or
AllowAny for a public route): a view that forgets them silently gets whatever
DEFAULT_PERMISSION_CLASSES says."""

from django.urls import URLResolver, get_resolver
from rest_framework.views import APIView

NAMING_ATTRIBUTES = ("permission_classes", "get_permissions", "method_permissions")


def api_views(patterns=None, prefix=""):
    """(route, view class) of every DRF view the URLconf reaches."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from api_views(pattern.url_patterns, route)
            continue
        view = getattr(pattern.callback, "cls", None)
        if view is not None and issubclass(view, APIView):
            yield route, view


def names_its_permissions(view: type) -> bool:
    return any(
        name in vars(klass)
        for klass in view.__mro__
        if not klass.__module__.startswith("rest_framework.")
        for name in NAMING_ATTRIBUTES
    )


def test_every_api_view_names_its_permission_classes():
    unnamed = sorted(
        f"{route} ({view.__module__}.{view.__qualname__})"
        for route, view in api_views()
        if not names_its_permissions(view)
    )
    assert unnamed == [], "views relying on DEFAULT_PERMISSION_CLASSES:\n" + "\n".join(unnamed)
