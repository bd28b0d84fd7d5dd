"""The standing settings on the wire: one shape in and out."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.settings import api_settings

from reelfake.latency import LatencyError, parse_latency
from toolkit.selectors import DEFAULT_ROUTES

MAX_ROUTES = 20
MSG_UNKNOWN_KEYS = "Unknown settings: {keys}"
MSG_FAIL_RATE = "failRate must be a number from 0 to 1"
MSG_STATUSES_NEEDED = "failStatuses must list at least one status when failRate is above 0"
MSG_ROUTE = "routes must be paths starting with / (* matches any characters)"


class StrictFloatField(serializers.FloatField):
    """A JSON number only: no strings, no booleans."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StandingSettingsSerializer(serializers.Serializer):
    failRate = StrictFloatField(
        source="fail_rate",
        default=0.0,
        min_value=0,
        max_value=1,
        error_messages={
            "invalid": MSG_FAIL_RATE,
            "min_value": MSG_FAIL_RATE,
            "max_value": MSG_FAIL_RATE,
        },
        help_text="Probability (0–1) that a matching request fails with one of failStatuses.",
    )
    failStatuses = serializers.ListField(
        source="fail_statuses",
        child=StrictIntegerField(min_value=400, max_value=599),
        default=list,
        max_length=20,
        help_text="Statuses (400–599) an injected failure picks from, uniformly.",
    )
    latency = serializers.CharField(
        allow_null=True,
        default=None,
        max_length=40,
        help_text='A `delay` form added to every matching request: "<ms>", "<min>-<max>" or '
        '"random"; null for none.',
    )
    routes = serializers.ListField(
        child=serializers.CharField(max_length=200),
        default=lambda: list(DEFAULT_ROUTES),
        min_length=1,
        max_length=MAX_ROUTES,
        help_text='Path patterns the settings apply to; `*` matches anything. Default ["/api/*"].',
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                message = MSG_UNKNOWN_KEYS.format(keys=", ".join(unknown))
                raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})
        return super().to_internal_value(data)

    def validate_latency(self, value):
        if value is None or value.strip() == "":
            return None
        try:
            parse_latency(value)
        except LatencyError as error:
            raise serializers.ValidationError(error.message) from None
        return value.strip()

    def validate_routes(self, value):
        if any(not route.startswith("/") for route in value):
            raise serializers.ValidationError(MSG_ROUTE)
        return value

    def validate(self, attrs):
        if attrs.get("fail_rate", 0) > 0 and not attrs.get("fail_statuses"):
            raise serializers.ValidationError({"failStatuses": [MSG_STATUSES_NEEDED]})
        return attrs


class RequestRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    method = serializers.CharField()
    path = serializers.CharField(help_text="Path with the query string")
    status = serializers.IntegerField()
    durationMs = serializers.FloatField(source="duration_ms")
    origin = serializers.CharField(allow_null=True)
    credentials = serializers.ChoiceField(
        ["cookie", "bearer", "cookie+bearer", "none"],
        help_text="Which credentials arrived (never their values)",
    )
    cors = serializers.ChoiceField(
        ["none", "same-origin", "allowed", "refused"],
        help_text="none: no Origin header; refused: the browser hides the answer",
    )
    requestContentType = serializers.CharField(source="request_content_type", allow_null=True)
    requestBody = serializers.CharField(
        source="request_body", allow_null=True, help_text="Masked, cut at 4 kB"
    )
    responseBody = serializers.CharField(
        source="response_body", allow_null=True, help_text="Masked, cut at 4 kB"
    )
    diagnoses = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="[{code, message}] for known frontend mistakes",
    )
    requestId = serializers.CharField(source="request_id", allow_null=True)


class EventSerializer(serializers.Serializer):
    """One live event: `id` is also the SSE `id:` (Last-Event-ID)."""

    id = serializers.IntegerField()
    type = serializers.CharField(help_text="e.g. rental.created, stock.changed")
    at = serializers.DateTimeField()
    ids = serializers.DictField(help_text="The ids of what changed: movie, store, customer...")
    payload = serializers.DictField(help_text="A few fields of what changed")
