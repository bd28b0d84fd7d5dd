"""Shapes of the upload answers, for the OpenAPI document (the services build the bodies),
and the input serializers of the upload routes' query parameters."""

import re

from rest_framework import serializers
from rest_framework.fields import empty


class TrackingSerializer(serializers.Serializer):
    trackingUrl = serializers.CharField(help_text="Relative to the API base (no /api)")


class RowReasonsSerializer(serializers.Serializer):
    rowNumber = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class RowIdSerializer(serializers.Serializer):
    rowNumber = serializers.IntegerField()
    id = serializers.IntegerField()


class ValidationResultSerializer(serializers.Serializer):
    totalRows = serializers.IntegerField()
    invalidRows = RowReasonsSerializer(many=True)


class UploadResultSerializer(serializers.Serializer):
    totalRows = serializers.IntegerField()
    successRows = RowIdSerializer(many=True)
    failedRows = RowReasonsSerializer(many=True)


# Query parameters (docs/uploads.md "Query parameters"). The routes answer the first failing
# parameter's message, in field order, without `extra` (reelfake.bodies.validated_data). The
# fields keep their DRF base class for the OpenAPI schema and read values as the contract
# does. (Comments, not docstrings: drf-spectacular would copy a docstring.)

MSG_DELAY_NOT_NUMBER = "Delay event query string should be a number"
MSG_DELAY_TOO_LONG = "Delay event (ms) should be less than 1000 milliseconds"
MAX_DELAY_EVENT_MS = 1000
TRUE_FLAGS = {"", "yes", "true"}
# re.ASCII: \d is [0-9], not every script's digits (docs/security.md "Numbers").
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)

DELAY_EVENT_MS_HELP = (
    "Pause before each row of the stream (0–1000). One stream lasts at most "
    "REELFAKE_SSE_MAX_STREAM_SECONDS (default 300 s): a job whose rows left × delay_event_ms "
    "exceed it is refused with 400 before the stream starts, and a stream still running at the "
    "limit ends with an error event (reconnect to continue)."
)


class QueryFlagField(serializers.CharField):
    # enable_tracking / stop_on_error: on when present and empty, `yes` or `true`
    # (case-insensitive, trimmed); absent or any other value is off, never an error. A
    # repeated parameter counts by its last value.
    def __init__(self, **kwargs):
        super().__init__(required=False, allow_blank=True, **kwargs)

    def run_validation(self, data=empty):
        return data is not empty and data.strip().lower() in TRUE_FLAGS


class DelayEventMsField(serializers.FloatField):
    # Milliseconds to pause before each row: absent or empty → 0; repeated or not a number
    # (ASCII digits) → MSG_DELAY_NOT_NUMBER; over 1000 → MSG_DELAY_TOO_LONG; below 0 → 0.
    def __init__(self, **kwargs):
        super().__init__(required=False, help_text=DELAY_EVENT_MS_HELP, **kwargs)

    def get_value(self, dictionary):
        values = dictionary.getlist(self.field_name)
        return values or empty

    def run_validation(self, data=empty):
        if data is empty:
            return 0
        raw = data[0].strip()
        if len(data) > 1 or (raw and not _NUMBER.match(raw)):
            raise serializers.ValidationError(MSG_DELAY_NOT_NUMBER)
        delay = float(raw) if raw else 0
        if delay > MAX_DELAY_EVENT_MS:
            raise serializers.ValidationError(MSG_DELAY_TOO_LONG)
        return max(delay, 0)


class SentDelayEventMsField(serializers.FloatField):
    # delay_event_ms on POST /movies/upload: only copied into the tracking URL, not checked
    # (the contract's 4.6); its stream checks it. The value as sent (the last one), or None.
    def __init__(self, **kwargs):
        super().__init__(required=False, help_text=DELAY_EVENT_MS_HELP, **kwargs)

    def run_validation(self, data=empty):
        return None if data is empty else data


class SentTextField(serializers.CharField):
    # A parameter a selector checks itself: its value as sent (the last one), or None.
    def __init__(self, **kwargs):
        super().__init__(required=False, allow_blank=True, **kwargs)

    def run_validation(self, data=empty):
        return None if data is empty else data


class ValidateQuerySerializer(serializers.Serializer):
    # POST /movies/upload/validate: delay_event_ms is checked here though only its stream
    # uses it, and before the file (the contract's 4.4).
    delay_event_ms = DelayEventMsField()
    enable_tracking = QueryFlagField(
        help_text="Present and empty, `yes` or `true`: answer 202 with a trackingUrl."
    )


class UploadQuerySerializer(serializers.Serializer):
    enable_tracking = QueryFlagField(
        help_text="Present and empty, `yes` or `true`: answer 202 with a trackingUrl."
    )
    stop_on_error = QueryFlagField(help_text="Present and empty, `yes` or `true`.")
    delay_event_ms = SentDelayEventMsField()


class TrackQuerySerializer(serializers.Serializer):
    delay_event_ms = DelayEventMsField()
    job = SentTextField(help_text="The job id from trackingUrl (default: newest).")
