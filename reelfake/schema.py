"""OpenAPI helpers shared by the apps (drf-spectacular)."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


def item_list_schema(name: str, item_serializer, *, description: str = ""):
    """Schema of the contract's unpaginated {"items": [...], "length": n} body."""
    if isinstance(item_serializer, type) and issubclass(item_serializer, serializers.Serializer):
        items = item_serializer(many=True)
    else:
        items = serializers.ListField(child=item_serializer())
    return inline_serializer(
        name,
        {"items": items, "length": serializers.IntegerField()},
        help_text=description or None,
    )


def strip_trailing_slashes(endpoints, **kwargs):
    """drf-spectacular hook: routes accept an optional trailing slash (`/?`); document the
    canonical form without it, as the reelfake spec does."""
    return [
        (path.rstrip("/") or "/", path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
    ]
