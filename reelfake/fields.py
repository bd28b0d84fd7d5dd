"""Serializer fields shared by the apps."""

from rest_framework import serializers


def absolute_url(value: str, request) -> str:
    """A site-relative URL ("/api/images/…") made absolute on the server's own base URL."""
    if request is not None and value.startswith("/"):
        return request.build_absolute_uri(value)
    return value


class AbsoluteUrlField(serializers.CharField):
    """A stored URL; a site-relative one ("/api/images/…") is returned absolute on the
    server's own base URL, so an <img> on another origin loads it."""

    def to_representation(self, value):
        return absolute_url(super().to_representation(value), self.context.get("request"))


class NumberField(serializers.FloatField):
    """NUMERIC columns the contract sends as JSON numbers (ratingAverage)."""

    def to_representation(self, value):
        return float(value)
