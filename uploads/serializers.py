"""The upload routes' answers without tracking (the services return what became of the rows,
these serializers write it) and the input serializers of their query parameters."""

import re

from rest_framework import serializers
from rest_framework.fields import empty


class TrackingSerializer(serializers.Serializer):
    trackingUrl = serializers.CharField(
        source="tracking_url", help_text="Relative to the API base (no /api)"
    )


class RowReasonsSerializer(serializers.Serializer):
    rowNumber = serializers.IntegerField(source="row_number")
    reasons = serializers.ListField(child=serializers.CharField())


class RowIdSerializer(serializers.Serializer):
    rowNumber = serializers.IntegerField(source="row_number")
    id = serializers.IntegerField(source="movie_id")


# POST /movies/upload/validate without tracking (uploads.services.CsvValidation).
class ValidationResultSerializer(serializers.Serializer):
    totalRows = serializers.IntegerField(source="total_rows")
    invalidRows = RowReasonsSerializer(many=True, source="invalid_rows")


# POST /movies/upload without tracking (uploads.services.CsvUpload).
class UploadResultSerializer(serializers.Serializer):
    totalRows = serializers.IntegerField(source="total_rows")
    successRows = RowIdSerializer(many=True, source="success_rows")
    failedRows = RowReasonsSerializer(many=True, source="failed_rows")


# One item of the 400 of POST /movies/upload?stop_on_error (uploads.services.RowError).
class RowErrorSerializer(serializers.Serializer):
    rowNumber = serializers.IntegerField(source="row_number")
    name = serializers.CharField(help_text="ValidationFailed or UniqueKeyViolation")
    message = serializers.CharField()


# Events of the tracking streams (uploads/streaming.py), keys in the contract's order: clients
# match them by regex (docs/uploads.md). A row event reads an UploadJobRow or a
# validation.RowResult (row_number, ok, movie_id, reasons); a final event reads the job.


class ConstantField(serializers.CharField):
    # A key whose value is always the same (an event's `status`).
    def __init__(self, value: str, **kwargs):
        self.value = value
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return self.value


class ValidationRowEventSerializer(serializers.Serializer):
    status = ConstantField("processing")
    rowNumber = serializers.IntegerField(source="row_number")
    isValid = serializers.BooleanField(source="ok")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Invalid rows only")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.ok:
            del data["reasons"]
        return data


class UploadRowEventSerializer(serializers.Serializer):
    status = ConstantField("processing")
    outcome = serializers.SerializerMethodField(help_text="success or failed")
    rowNumber = serializers.IntegerField(source="row_number")
    id = serializers.IntegerField(source="movie_id", help_text="Successful rows only")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Failed rows only")

    def get_outcome(self, row) -> str:
        return "success" if row.ok else "failed"

    def to_representation(self, instance):
        data = super().to_representation(instance)
        del data["reasons" if instance.ok else "id"]
        return data


class ValidationDoneEventSerializer(serializers.Serializer):
    status = ConstantField("done")
    totalRows = serializers.IntegerField(source="total_rows")
    processedRowsCount = serializers.SerializerMethodField()
    validRowsCount = serializers.IntegerField(source="ok_count")
    invalidRowsCount = serializers.IntegerField(source="failed_count")

    def get_processedRowsCount(self, job) -> int:
        return job.next_row - 1


class UploadDoneEventSerializer(serializers.Serializer):
    status = ConstantField("done")
    totalRows = serializers.IntegerField(source="total_rows")
    successRowsCount = serializers.IntegerField(source="ok_count")
    failedRowsCount = serializers.IntegerField(source="failed_count")


# A failure after the stream started; reads uploads.streaming.StreamError.
class ValidationErrorEventSerializer(serializers.Serializer):
    status = ConstantField("error")
    message = serializers.CharField()


class UploadErrorEventSerializer(serializers.Serializer):
    status = ConstantField("api-error")
    rowNumber = serializers.IntegerField(source="row_number")
    message = serializers.CharField()


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

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        # trackingUrl echoes the value verbatim (the contract's 4.4); sent twice, it was refused.
        attrs["delay_event_ms_sent"] = data.get("delay_event_ms")
        return attrs


class UploadQuerySerializer(serializers.Serializer):
    enable_tracking = QueryFlagField(
        help_text="Present and empty, `yes` or `true`: answer 202 with a trackingUrl."
    )
    stop_on_error = QueryFlagField(help_text="Present and empty, `yes` or `true`.")
    delay_event_ms = SentDelayEventMsField(source="delay_event_ms_sent")


class TrackQuerySerializer(serializers.Serializer):
    delay_event_ms = DelayEventMsField()
    job = SentTextField(help_text="The job id from trackingUrl (default: newest).")
