"""Serializer fields shared by the apps."""

from rest_framework import serializers


class AbsoluteUrlField(serializers.CharField):
    """A stored URL; a site-relative one ("/api/images/…") is returned absolute on the
    server's own base URL, so an <img> on another origin loads it."""

    def to_representation(self, value):
        value = super().to_representation(value)
        request = self.context.get("request")
        if request is not None and value.startswith("/"):
            return request.build_absolute_uri(value)
        return value


class NumberField(serializers.FloatField):
    """NUMERIC columns the contract sends as JSON numbers (ratingAverage)."""

    def to_representation(self, value):
        return float(value)
