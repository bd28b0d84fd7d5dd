"""Serializer fields shared by the apps."""

import re

from rest_framework import serializers

from reelfake.ids import is_ascii_number_text

_PLAIN_SITE_PATH = re.compile(r"^/[A-Za-z0-9_.~-][A-Za-z0-9_.~/-]*$")


def absolute_url(value: str | None, request) -> str | None:
    """A site-relative URL ("/api/images/…") made absolute on the server's own base URL.
    Plain paths (the generated image paths) skip build_absolute_uri's parsing, since a page
    has 50 of them and the base is the same for all."""
    if value is None or request is None or not value.startswith("/"):
        return value
    if _PLAIN_SITE_PATH.match(value) and "/./" not in value and "/../" not in value:
        return site_base(request) + value
    return request.build_absolute_uri(value)


def site_base(request) -> str:
    """The server's own base URL as this request names it (scheme and host, no slash at the
    end), computed once per request."""
    base = getattr(request, "_site_base", None)
    if base is None:
        base = request._site_base = request.build_absolute_uri("/")[:-1]
    return base


class AbsoluteUrlField(serializers.CharField):
    """A stored URL; a site-relative one ("/api/images/…") is returned absolute on the
    server's own base URL, so an <img> on another origin loads it."""

    def to_representation(self, value):
        return absolute_url(super().to_representation(value), self.context.get("request"))


class NumberField(serializers.FloatField):
    """NUMERIC columns the contract sends as JSON numbers (ratingAverage), written as the
    reference writes a number: a whole value without a fraction (7.00 → 7, 7.45 → 7.45;
    docs/stores.md "Numbers on the wire")."""

    def to_representation(self, value):
        number = float(value)
        return int(number) if number.is_integer() else number


class AsciiNumberMixin:
    """A number sent as a JSON string must be ASCII digits (reelfake.ids.is_ascii_number_text):
    DRF's numeric fields convert with int(), float() or Decimal(), which read "٣" as 3."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not is_ascii_number_text(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class AsciiIntegerField(AsciiNumberMixin, serializers.IntegerField):
    pass


class AsciiFloatField(AsciiNumberMixin, serializers.FloatField):
    pass


class AsciiDecimalField(AsciiNumberMixin, serializers.DecimalField):
    pass
