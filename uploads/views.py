"""The four upload routes: validate or upload a movies CSV, directly or as a
job tracked with Server-Sent Events. Store managers only.

Every check (role, query parameters, file, job) answers JSON before the first byte of a
stream; later failures travel as events."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from reelfake.bodies import validated_data
from reelfake.exceptions import ApplicationError, message_body
from reelfake.ids import int_from_text
from reelfake.permissions import IsStoreManager
from reelfake.renderers import EventStreamRenderer, JSONRenderer
from reelfake.schema import ErrorSerializer, error_responses
from reelfake.serializers import MessageSerializer
from uploads import conf, services
from uploads.csvfile import file_chunks
from uploads.models import UploadJob
from uploads.receiving import FileNotInRequest, received_file
from uploads.selectors import upload_job_for_tracking
from uploads.serializers import (
    RowErrorSerializer,
    TrackingSerializer,
    TrackQuerySerializer,
    UploadQuerySerializer,
    UploadResultSerializer,
    ValidateQuerySerializer,
    ValidationResultSerializer,
)
from uploads.streaming import JobStream

MSG_JOB_NOT_FOUND = "Upload validation request is not found"
MSG_BAD_LAST_EVENT_ID = "Last-Event-ID must be a whole number"
MSG_STREAM_TOO_LONG = (
    "Delay event (ms) too long for this job: {rows} rows at {delay:g} ms each would hold the "
    "stream for {seconds:g} s, over the limit of {limit} s per stream"
)


def last_event_id(request) -> int:
    """The id of the last event an EventSource received before reconnecting (0: none)."""
    raw = request.headers.get("Last-Event-ID", "").strip()
    if raw == "":
        return 0
    value = int_from_text(raw)
    if value is None:
        raise ApplicationError(MSG_BAD_LAST_EVENT_ID)
    return value


def check_stream_duration(job: UploadJob, delay_ms: float) -> None:
    """Refuse, before the first byte, a stream whose pauses alone would outlast the limit of
    one stream (docs/security.md "Delays and streams")."""
    rows = job.total_rows - (job.next_row - 1) if job.status == UploadJob.PENDING else 0
    seconds = rows * delay_ms / 1000
    limit = conf.max_stream_seconds()
    if seconds > limit:
        message = MSG_STREAM_TOO_LONG.format(
            rows=rows, delay=delay_ms, seconds=round(seconds, 3), limit=limit
        )
        raise ApplicationError(message)


def tracking_url(route: str, job: UploadJob, *, delay_sent: str | None) -> str:
    """The contract's relative URL (no /api), `delay_event_ms` echoed as sent (when sent), plus
    the job."""
    query = []
    if delay_sent is not None:
        query.append("delay_event_ms=" + quote(delay_sent, safe=""))
    query.append(f"job={job.id}")
    return f"/movies/upload/{route}?{'&'.join(query)}"


_FILE_BODY = {
    "multipart/form-data": {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}},
        "required": ["file"],
    },
    "text/csv": {"type": "string"},
}
_FILE_ERRORS = {
    **error_responses(400, 401, 403),
    404: OpenApiResponse(
        MessageSerializer, description='No file: "File not found in the request", no `status`'
    ),
    413: OpenApiResponse(ErrorSerializer, description="File over the size limit"),
    429: OpenApiResponse(
        ErrorSerializer,
        description="With `enable_tracking`: the caller already has "
        "REELFAKE_UPLOAD_MAX_PENDING_JOBS (default 3) pending jobs; Retry-After says when the "
        "first expires. Nothing is stored.",
    ),
}
_STREAM_PARAMETERS = [
    TrackQuerySerializer,
    OpenApiParameter(
        "Last-Event-ID",
        int,
        location=OpenApiParameter.HEADER,
        description="Resume after this event (EventSource sends it when reconnecting).",
    ),
]


class UploadAPIView(GenericAPIView):
    """The upload routes: store managers only; the file and the query are checked before
    any answer (see the module docstring). `serializer_class` names the answer without
    tracking; the services build it."""

    permission_classes = [IsStoreManager]

    def handle_exception(self, exc):
        if isinstance(exc, FileNotInRequest):
            return Response(message_body(exc.message), status=404)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        # Checks before a stream answer JSON even to `Accept: text/event-stream`.
        if isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class ValidateView(UploadAPIView):
    serializer_class = ValidationResultSerializer

    @extend_schema(
        tags=["uploads"],
        summary="Validate a movies CSV",
        description=(
            "Without tracking: 200 `{totalRows, invalidRows:[{rowNumber, reasons}]}`; nothing "
            "is written. With `enable_tracking`: 202 `{trackingUrl}` for "
            "GET /movies/upload/track_validation."
        ),
        parameters=[ValidateQuerySerializer],
        request=_FILE_BODY,
        responses={
            200: OpenApiResponse(ValidationResultSerializer, description="Nothing was written"),
            202: OpenApiResponse(TrackingSerializer, description="{trackingUrl}"),
            **_FILE_ERRORS,
        },
    )
    def post(self, request):
        query = validated_data(ValidateQuerySerializer, request.query_params)
        received = received_file(request)
        try:
            if query["enable_tracking"]:
                job = services.upload_job_create(
                    owner_role=request.user.role,
                    owner_id=request.user.id,
                    kind=UploadJob.VALIDATION,
                    file=received.file,
                    file_name=received.name,
                )
                url = tracking_url("track_validation", job, delay_sent=query["delay_event_ms_sent"])
                return Response(TrackingSerializer({"tracking_url": url}).data, status=202)
            outcome = services.csv_validate(chunks=partial(file_chunks, received.file))
            return Response(ValidationResultSerializer(outcome).data)
        finally:
            received.close()


class UploadView(UploadAPIView):
    serializer_class = UploadResultSerializer

    @extend_schema(
        tags=["uploads"],
        summary="Upload a movies CSV",
        description=(
            "Without tracking: 201 `{totalRows, successRows:[{rowNumber,id}], "
            "failedRows:[{rowNumber,reasons}]}`, rows committed as they go. With "
            "`stop_on_error`: all or nothing; the first failing row answers 400 with "
            "`[{rowNumber, name, message}]` and nothing is inserted. With `enable_tracking`: "
            "202 `{trackingUrl}` for GET /movies/upload/track."
        ),
        parameters=[UploadQuerySerializer],
        request=_FILE_BODY,
        responses={
            201: OpenApiResponse(UploadResultSerializer, description="Rows committed as they go"),
            202: OpenApiResponse(TrackingSerializer, description="{trackingUrl}"),
            **_FILE_ERRORS,
        },
    )
    def post(self, request):
        query = validated_data(UploadQuerySerializer, request.query_params)
        received = received_file(request)
        try:
            if query["enable_tracking"]:
                job = services.upload_job_create(
                    owner_role=request.user.role,
                    owner_id=request.user.id,
                    kind=UploadJob.UPLOAD,
                    file=received.file,
                    file_name=received.name,
                )
                url = tracking_url("track", job, delay_sent=query["delay_event_ms_sent"])
                return Response(TrackingSerializer({"tracking_url": url}).data, status=202)
            chunks = partial(file_chunks, received.file)
            try:
                if query["stop_on_error"]:
                    outcome = services.csv_upload_all_or_nothing(chunks=chunks)
                else:
                    outcome = services.csv_upload(chunks=chunks)
            except services.StopOnErrorFailure as failure:
                errors = RowErrorSerializer(failure.errors, many=True).data
                return Response(errors, status=400)
            return Response(UploadResultSerializer(outcome).data, status=201)
        finally:
            received.close()


class TrackView(UploadAPIView):
    kind: str
    renderer_classes = [JSONRenderer, EventStreamRenderer]
    # The job was written by the POST a moment ago: a lagging replica would answer 404
    # (reelfake/db/routers.py).
    reads_from_primary = True

    def get(self, request):
        query = validated_data(TrackQuerySerializer, request.query_params)
        delay = query["delay_event_ms"]
        resume_after = last_event_id(request)
        job = upload_job_for_tracking(user=request.user, kind=self.kind, job_id=query["job"])
        if job is None:
            raise ApplicationError(MSG_JOB_NOT_FOUND, status=404)
        if job.status != UploadJob.PENDING and resume_after >= job.final_event_id:
            # The client saw the final event: 204 tells an EventSource to stop reconnecting.
            return HttpResponse(status=204)
        check_stream_duration(job, delay)
        stream = JobStream(job, last_event_id=resume_after, delay_ms=delay)
        # A generator, so that closing the response (the client went away) closes it.
        response = StreamingHttpResponse(
            iter(stream), content_type="text/event-stream; charset=utf-8"
        )
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"
        return response


_STREAM_DESCRIPTION = (
    "`text/event-stream`. Each event has an `id:` (the row number; the final event's id is "
    "totalRows + 1) and one `data:` line. Reconnecting with `Last-Event-ID` resumes after "
    "that event; a finished job replays its events; 204 once the final event was seen. "
)


class TrackValidationView(TrackView):
    kind = UploadJob.VALIDATION

    @extend_schema(
        tags=["uploads"],
        summary="Stream the validation of a CSV (SSE)",
        description=_STREAM_DESCRIPTION
        + 'Events: `{"status":"processing","rowNumber":1,"isValid":true}`, '
        '`{"status":"processing","rowNumber":2,"isValid":false,"reasons":[…]}`, then '
        '`{"status":"done","totalRows":…,"processedRowsCount":…,"validRowsCount":…,'
        '"invalidRowsCount":…}` (or `{"status":"error","message":…}`).',
        parameters=_STREAM_PARAMETERS,
        responses={
            (200, "text/event-stream"): OpenApiResponse(OpenApiTypes.STR),
            204: OpenApiResponse(description="Nothing left to send"),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request):
        return super().get(request)


class TrackUploadView(TrackView):
    kind = UploadJob.UPLOAD

    @extend_schema(
        tags=["uploads"],
        summary="Stream the upload of a CSV (SSE)",
        description=_STREAM_DESCRIPTION
        + 'Events: `{"status":"processing","outcome":"success","rowNumber":1,"id":6001}`, '
        '`{"status":"processing","outcome":"failed","rowNumber":2,"reasons":[…]}`, then '
        '`{"status":"done","totalRows":…,"successRowsCount":…,"failedRowsCount":…}` (or '
        '`{"status":"api-error","rowNumber":…,"message":…}`).',
        parameters=_STREAM_PARAMETERS,
        responses={
            (200, "text/event-stream"): OpenApiResponse(OpenApiTypes.STR),
            204: OpenApiResponse(description="Nothing left to send"),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request):
        return super().get(request)
