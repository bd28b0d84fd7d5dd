"""Server-Sent Events for tracked jobs: each row's result as `id: <rowNumber>` + `data:`, then
a final `done` (or error) event whose id is one past the last row.

The stream drives the processing: it takes the next batch of rows, commits their results, and
only then sends their events. Results stored by an earlier or concurrent stream of the same job
are replayed from the database instead, so a reconnecting EventSource (Last-Event-ID) gets each
row exactly once, and a dropped connection stops the work at the next event it cannot send."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

from reelfake.exceptions import MSG_SERVER_ERROR
from reelfake.sse import HEARTBEAT, sse_event
from uploads import conf, services
from uploads.models import UploadJob
from uploads.selectors import upload_job_rows_after
from uploads.serializers import (
    UploadDoneEventSerializer,
    UploadErrorEventSerializer,
    UploadRowEventSerializer,
    ValidationDoneEventSerializer,
    ValidationErrorEventSerializer,
    ValidationRowEventSerializer,
)

logger = logging.getLogger("reelfake.uploads")

MSG_JOB_GONE = "Upload validation request is not found"
MSG_STREAM_TIME_LIMIT = (
    "Stream time limit reached: one stream may last {limit} s. The job is kept; reconnect "
    "to continue after the last event received."
)
LOCK_RETRY_SECONDS = 0.05


@dataclass(frozen=True)
class StreamError:
    """A failure after the stream started: the row it happened at, and why."""

    row_number: int
    message: str


# The serializers of each job kind's events (uploads/serializers.py), made once: a stream
# writes a row event per row, with the bound fields of one instance.
_ROW_EVENTS = {
    UploadJob.VALIDATION: ValidationRowEventSerializer(),
    UploadJob.UPLOAD: UploadRowEventSerializer(),
}
_DONE_EVENTS = {
    UploadJob.VALIDATION: ValidationDoneEventSerializer(),
    UploadJob.UPLOAD: UploadDoneEventSerializer(),
}
_ERROR_EVENTS = {
    UploadJob.VALIDATION: ValidationErrorEventSerializer(),
    UploadJob.UPLOAD: UploadErrorEventSerializer(),
}


def row_payload(kind: str, row) -> dict:
    """A `processing` event of an UploadJobRow or a validation.RowResult."""
    return _ROW_EVENTS[kind].to_representation(row)


def error_payload(kind: str, row_number: int, message: str) -> dict:
    return _ERROR_EVENTS[kind].to_representation(StreamError(row_number, message))


def final_payload(job: UploadJob) -> dict:
    if job.status == UploadJob.FAILED:
        return error_payload(job.kind, job.next_row, job.error_message)
    return _DONE_EVENTS[job.kind].to_representation(job)


class JobStream:
    """The event stream of one tracking request, from the row after `last_event_id`."""

    def __init__(self, job: UploadJob, *, last_event_id: int, delay_ms: float):
        self.job_id = job.id
        self.kind = job.kind
        self.sent = min(last_event_id, job.next_row - 1)
        self.delay = delay_ms / 1000
        # With a delay the rows go one by one, each after its pause; without, in batches.
        self.batch_size = 1 if delay_ms > 0 else services.BATCH_SIZE
        self.heartbeat = conf.heartbeat_seconds()
        self.last_output = time.monotonic()
        # A stream holds a thread: it ends at this time even if rows are left
        # (docs/security.md "Delays and streams").
        self.max_seconds = conf.max_stream_seconds()
        self.deadline = self.last_output + self.max_seconds
        self.cursor: services.JobCursor | None = None

    def _out(self, text: str) -> str:
        self.last_output = time.monotonic()
        return text

    def idle(self, seconds: float) -> Iterator[str]:
        """Wait, sending a comment whenever the stream has been silent for `heartbeat`."""
        deadline = time.monotonic() + seconds
        while (now := time.monotonic()) < deadline:
            due = self.last_output + self.heartbeat
            if now >= due:
                yield self._out(HEARTBEAT)
                continue
            time.sleep(min(deadline, due) - now)

    def _replay(self, job: UploadJob) -> Iterator[str]:
        batch = []
        for row in upload_job_rows_after(job_id=job.id, row_number=self.sent, before=job.next_row):
            payload = row_payload(self.kind, row)
            batch.append(sse_event(row.row_number, payload))
            if len(batch) == 1000:
                yield self._out("".join(batch))
                batch = []
            self.sent = row.row_number
        if batch:
            yield self._out("".join(batch))

    def __iter__(self) -> Iterator[str]:
        yield self._out(f"retry: {conf.retry_ms()}\n\n")
        while True:
            job = UploadJob.objects.filter(pk=self.job_id).first()
            if job is None:  # purged while this stream was silent for longer than the TTL
                payload = error_payload(self.kind, self.sent + 1, MSG_JOB_GONE)
                yield self._out(sse_event(self.sent + 1, payload))
                return
            if self.sent < job.next_row - 1:
                yield from self._replay(job)
                continue
            if job.status != UploadJob.PENDING:
                yield self._out(sse_event(job.final_event_id, final_payload(job)))
                return
            if time.monotonic() >= self.deadline:
                # No id: a reconnecting EventSource resumes after the last row it received.
                message = MSG_STREAM_TIME_LIMIT.format(limit=self.max_seconds)
                yield self._out(sse_event(None, error_payload(self.kind, self.sent + 1, message)))
                return
            if self.delay:
                yield from self.idle(min(self.delay, self.deadline - time.monotonic()))
            try:
                results = self._process_next()
            except services.JobBusy:
                yield from self.idle(LOCK_RETRY_SECONDS)
                continue
            except Exception:
                logger.exception("Upload job %s failed at row %s", self.job_id, self.sent + 1)
                try:
                    self._fail()
                except Exception:  # the database is gone: say so on this stream at least
                    logger.exception("Could not record the failure of upload job %s", job.id)
                    payload = error_payload(self.kind, self.sent + 1, MSG_SERVER_ERROR)
                    yield self._out(sse_event(job.final_event_id, payload))
                    return
                continue
            if results:
                events = (sse_event(r.row_number, row_payload(self.kind, r)) for r in results)
                yield self._out("".join(events))
                self.sent = results[-1].row_number

    def _process_next(self):
        if self.cursor is None:
            self.cursor = services.JobCursor(UploadJob.objects.get(pk=self.job_id))
        return services.job_process_next(
            cursor=self.cursor, expected_row=self.sent + 1, batch_size=self.batch_size
        )

    def _fail(self) -> None:
        # The cursor's reader may stand anywhere now; a later batch would start afresh.
        self.cursor = None
        services.job_fail(job_id=self.job_id, message=MSG_SERVER_ERROR)
