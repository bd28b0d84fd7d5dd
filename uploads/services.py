"""Writes of the uploads app: jobs, and the processing of CSV rows (validate, insert, record).

Rows are processed in batches behind the per-row results: two duplicate queries (ids,
titles), one multi-row INSERT (movies.services.movies_create_many) and one write of the results
per batch, in one transaction, so a row's movie and its recorded outcome are committed together
or not at all."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from movies.services import MSG_IMDB_UNIQUE, MSG_TMDB_UNIQUE, MovieWrite, movies_create_many
from reelfake.exceptions import ApplicationError
from uploads import conf
from uploads.csvfile import Record, check_file, file_chunks, records
from uploads.models import UploadJob, UploadJobChunk, UploadJobRow
from uploads.validation import (
    MSG_IMDB_NOT_UNIQUE,
    MSG_TMDB_NOT_UNIQUE,
    RowChecker,
    RowResult,
    lookups_load,
)

BATCH_SIZE = 500
CHUNK_SIZE = 1024 * 1024

# movies.services' unique messages → the upload rows' own (docs/uploads.md).
_UPLOAD_REASONS = {MSG_TMDB_UNIQUE: MSG_TMDB_NOT_UNIQUE, MSG_IMDB_UNIQUE: MSG_IMDB_NOT_UNIQUE}


def _movies_create(passed: list[RowResult]) -> list[MovieWrite]:
    """Create the rows' movies through movies.services, marked as an upload's inserts for
    the transaction: one `movie.imported` event per batch instead of one event per movie
    (docs/toolkit.md "Live events")."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('reelfake.events', 'upload', true)")
        writes = movies_create_many(rows=[result.values for result in passed])
        cursor.execute("SELECT set_config('reelfake.events', '', true)")
    return writes


def movies_insert(results: list[RowResult], checker: RowChecker) -> None:
    """Insert the movies of the rows that passed, in one statement; sets each row's
    `movie_id`, or fails the row with its reason. Call inside a transaction."""
    passed = [result for result in results if result.ok]
    if not passed:
        return
    for result, write in zip(passed, _movies_create(passed), strict=True):
        if write.movie_id is None:
            checker.forget(result.values)
            result.fail([_UPLOAD_REASONS.get(reason, reason) for reason in write.reasons])
        else:
            result.movie_id = write.movie_id


def batched(items: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# Direct (untracked) flows ----------------------------------------------------------------
# They answer what became of the rows; uploads/serializers.py describes the answers' shapes.


@dataclass(slots=True)
class RowOutcome:
    """One row of a direct answer: its movie's id, or why it failed."""

    row_number: int
    movie_id: int | None = None
    reasons: list[str] | None = None


@dataclass
class CsvValidation:
    total_rows: int
    invalid_rows: list[RowOutcome]


@dataclass
class CsvUpload:
    total_rows: int
    success_rows: list[RowOutcome]
    failed_rows: list[RowOutcome]


def _outcome(result: RowResult) -> RowOutcome:
    # Not the RowResult itself: a passed row's column values would stay in memory.
    return RowOutcome(result.row_number, result.movie_id, result.reasons)


def csv_validate(*, chunks: Callable[[], Iterable[bytes]]) -> CsvValidation:
    """POST /movies/upload/validate without tracking: nothing is written."""
    total = check_file(chunks, max_rows=conf.max_upload_rows())
    checker = RowChecker(lookups_load())
    invalid = []
    for batch in batched(records(chunks()), BATCH_SIZE):
        invalid.extend(_outcome(result) for result in checker.check(batch) if not result.ok)
    return CsvValidation(total_rows=total, invalid_rows=invalid)


def csv_upload(*, chunks: Callable[[], Iterable[bytes]]) -> CsvUpload:
    """POST /movies/upload without tracking: each batch of rows is committed on its own."""
    total = check_file(chunks, max_rows=conf.max_upload_rows())
    checker = RowChecker(lookups_load())
    success, failed = [], []
    for batch in batched(records(chunks()), BATCH_SIZE):
        with transaction.atomic():
            results = checker.check(batch)
            movies_insert(results, checker)
        for result in results:
            (success if result.ok else failed).append(_outcome(result))
    return CsvUpload(total_rows=total, success_rows=success, failed_rows=failed)


@dataclass(slots=True)
class RowError:
    """One reason of the row that stopped an all-or-nothing upload."""

    row_number: int
    name: str
    message: str


class StopOnErrorFailure(Exception):
    """stop_on_error: the first failing row, one RowError per reason; everything was rolled
    back."""

    def __init__(self, result: RowResult, name: str):
        self.errors = [RowError(result.row_number, name, reason) for reason in result.reasons]
        super().__init__(self.errors)


def csv_upload_all_or_nothing(*, chunks: Callable[[], Iterable[bytes]]) -> CsvUpload:
    """POST /movies/upload?stop_on_error: one transaction, duplicate checks inside it (W13).
    Raises StopOnErrorFailure at the first failing row, with nothing inserted."""
    total = check_file(chunks, max_rows=conf.max_upload_rows())
    checker = RowChecker(lookups_load())
    success = []
    with transaction.atomic():
        for batch in batched(records(chunks()), BATCH_SIZE):
            results = checker.check(batch)
            first_invalid = next((result for result in results if not result.ok), None)
            if first_invalid is not None:
                raise StopOnErrorFailure(first_invalid, "ValidationFailed")
            movies_insert(results, checker)
            first_failed = next((result for result in results if not result.ok), None)
            if first_failed is not None:
                raise StopOnErrorFailure(first_failed, "UniqueKeyViolation")
            success.extend(_outcome(result) for result in results)
    return CsvUpload(total_rows=total, success_rows=success, failed_rows=[])


# Tracked jobs ----------------------------------------------------------------------------


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=conf.job_ttl_seconds())


def upload_jobs_purge() -> int:
    """Delete expired jobs (their file and results go with them). Returns how many."""
    deleted, per_model = UploadJob.objects.filter(expires_at__lte=timezone.now()).delete()
    return per_model.get(UploadJob._meta.label, 0)


MSG_TOO_MANY_JOBS = (
    "Too many tracked uploads: at most {limit} jobs may be pending per user. This upload was "
    "not accepted; track a pending job to its end (or let it expire) and retry."
)


def _job_quota_check(*, owner_role: str, owner_id: int) -> None:
    """429 when the owner already has as many pending jobs (unfinished, unexpired) as allowed;
    Retry-After is when the first of them expires (docs/security.md "Upload jobs")."""
    now = timezone.now()
    expiries = list(
        UploadJob.objects.filter(
            owner_role=owner_role,
            owner_id=owner_id,
            status=UploadJob.PENDING,
            expires_at__gt=now,
        ).values_list("expires_at", flat=True)
    )
    limit = conf.max_pending_jobs()
    if len(expiries) >= limit:
        retry = max(1, math.ceil((min(expiries) - now).total_seconds()))
        raise ApplicationError(
            MSG_TOO_MANY_JOBS.format(limit=limit),
            status=429,
            headers={"Retry-After": str(retry)},
        )


def upload_job_create(
    *, owner_role: str, owner_id: int, kind: str, file, file_name: str
) -> UploadJob:
    """Check the quota and the whole file, then keep the file in the database for its tracking
    stream."""
    # Early, so that a refused upload costs no file check; decided again under the lock.
    _job_quota_check(owner_role=owner_role, owner_id=owner_id)
    total = check_file(partial(file_chunks, file), max_rows=conf.max_upload_rows())
    upload_jobs_purge()
    with transaction.atomic():
        # One owner's job creations take turns: concurrent posts cannot all see room left
        # (per world: sandboxes copy one template, so their owners share ids).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(current_schema() || %s))",
                [f"upload_job_owner:{owner_role}:{owner_id}"],
            )
        _job_quota_check(owner_role=owner_role, owner_id=owner_id)
        job = UploadJob.objects.create(
            kind=kind,
            owner_role=owner_role,
            owner_id=owner_id,
            file_name=(file_name or "")[:255],
            file_size=file.size,
            total_rows=total,
            expires_at=_expiry(),
        )
        # One chunk in memory at a time: a bulk insert would hold the whole file (twice).
        for seq, data in enumerate(file_chunks(file, CHUNK_SIZE)):
            UploadJobChunk.objects.create(job=job, seq=seq, data=data)
    return job


def job_chunks(job_id) -> Iterator[bytes]:
    """The stored file of a job, one chunk (one query) at a time."""
    seq = 0
    while True:
        data = (
            UploadJobChunk.objects.filter(job_id=job_id, seq=seq)
            .values_list("data", flat=True)
            .first()
        )
        if data is None:
            return
        yield bytes(data)
        seq += 1


class JobBusy(Exception):
    """Another stream holds the job for a moment (it is processing a batch)."""


class JobCursor:
    """One stream's position in a job's file, and what it knows of the rows before it."""

    def __init__(self, job: UploadJob):
        self.job_id = job.id
        self.kind = job.kind
        self._records = records(job_chunks(job.id))
        self._position = 1  # the row number `_records` yields next
        self.checker = RowChecker(lookups_load())

    def take(self, start: int, count: int) -> list[Record]:
        if start > self._position:
            self._skip_to(start)
        return list(islice(self._records, count))

    def _skip_to(self, start: int) -> None:
        # Rows processed earlier (by this job's previous streams): re-learn the ids of those
        # that passed, so later duplicates are still caught.
        passed = set(
            UploadJobRow.objects.filter(
                job_id=self.job_id, ok=True, row_number__gte=self._position, row_number__lt=start
            ).values_list("row_number", flat=True)
        )
        for record in islice(self._records, start - self._position):
            if record.row_number in passed:
                self.checker.remember_record(record)
        self._position = start

    def advance(self, count: int) -> None:
        self._position += count


def job_process_next(*, cursor: JobCursor, expected_row: int, batch_size: int):
    """Process the next batch of a job's rows, if `expected_row` is still its next row.

    Returns the batch's results, or None when the job moved on without this stream (another
    stream processed rows, or it is finished): the caller replays the stored results.
    Raises JobBusy when another stream holds the job right now."""
    with transaction.atomic():
        try:
            job = UploadJob.objects.select_for_update(nowait=True).get(pk=cursor.job_id)
        except DatabaseError as exc:
            if getattr(exc.__cause__, "sqlstate", None) == "55P03":  # lock_not_available
                raise JobBusy() from exc
            raise
        if job.status != UploadJob.PENDING or job.next_row != expected_row:
            return None
        batch = cursor.take(job.next_row, batch_size)
        results = cursor.checker.check(batch)
        if job.kind == UploadJob.UPLOAD:
            movies_insert(results, cursor.checker)
        _rows_record(job.id, results)
        ok = sum(1 for result in results if result.ok)
        job.ok_count += ok
        job.failed_count += len(results) - ok
        job.next_row += len(results)
        if job.next_row > job.total_rows:
            job.status = UploadJob.DONE
        job.expires_at = _expiry()
        job.save(
            update_fields=[
                "ok_count",
                "failed_count",
                "next_row",
                "status",
                "expires_at",
                "updated_at",
            ]
        )
    cursor.advance(len(results))
    return results


def _rows_record(job_id, results: list[RowResult]) -> None:
    """The outcome of each row of a batch, with COPY (the fastest way in)."""
    meta = UploadJobRow._meta
    columns = ", ".join(
        meta.get_field(name).column for name in ("job", "row_number", "ok", "movie_id", "reasons")
    )
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {meta.db_table} ({columns}) FROM STDIN") as copy:
            for result in results:
                copy.write_row(
                    (job_id, result.row_number, result.ok, result.movie_id, result.reasons)
                )


def job_fail(*, job_id, message: str) -> None:
    """A batch failed unexpectedly: the job ends with an error event (replayed as well)."""
    UploadJob.objects.filter(pk=job_id, status=UploadJob.PENDING).update(
        status=UploadJob.FAILED, error_message=message, updated_at=timezone.now()
    )
