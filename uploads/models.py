"""Tracked CSV jobs, kept in PostgreSQL so that any worker of any instance can stream them.

Unlike the reelfake tables these are Django-managed (uploads/migrations): they are this
project's own bookkeeping, not part of the reelfake schema."""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models


class UploadJob(models.Model):
    """A validated CSV waiting for (or being consumed by) its tracking stream.

    Rows are processed by the stream, in order; `next_row` is the first row without a
    result. The job expires `REELFAKE_UPLOAD_JOB_TTL_SECONDS` after its last activity."""

    VALIDATION = "validation"
    UPLOAD = "upload"
    KIND_CHOICES = [(VALIDATION, "validation"), (UPLOAD, "upload")]

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    STATUS_CHOICES = [(PENDING, "pending"), (DONE, "done"), (FAILED, "failed")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    # Customer and staff ids overlap: the role tells which table `owner_id` points to.
    owner_role = models.CharField(max_length=20)
    owner_id = models.IntegerField()
    file_name = models.CharField(max_length=255, blank=True, default="")
    file_size = models.BigIntegerField()
    total_rows = models.IntegerField()
    next_row = models.IntegerField(default=1)
    ok_count = models.IntegerField(default=0)
    failed_count = models.IntegerField(default=0)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=PENDING)
    error_message = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "upload_job"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["owner_role", "owner_id", "kind", "status", "-created_at"],
                name="upload_job_owner_pending_idx",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.id} ({self.status}, {self.next_row - 1}/{self.total_rows})"

    @property
    def final_event_id(self) -> int:
        """The SSE id of the `done` / error event: one past the last row."""
        return self.total_rows + 1


class UploadJobChunk(models.Model):
    """A slice of the uploaded file, stored as sent (at most 1 MB each)."""

    job = models.ForeignKey(UploadJob, on_delete=models.CASCADE, related_name="chunks")
    seq = models.IntegerField()
    data = models.BinaryField()

    class Meta:
        db_table = "upload_job_chunk"
        ordering = ["job", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["job", "seq"], name="upload_job_chunk_job_seq_key")
        ]

    def __str__(self):
        return f"chunk {self.seq} of {self.job_id}"


class UploadJobRow(models.Model):
    """The outcome of one row, written in the same transaction as the row's movie."""

    job = models.ForeignKey(UploadJob, on_delete=models.CASCADE, related_name="rows")
    row_number = models.IntegerField()
    ok = models.BooleanField()
    # No foreign key: a replay still reports the id after the movie was deleted.
    movie_id = models.IntegerField(null=True, blank=True)
    reasons = ArrayField(models.TextField(), null=True, blank=True)

    class Meta:
        db_table = "upload_job_row"
        ordering = ["job", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "row_number"], name="upload_job_row_job_row_number_key"
            )
        ]

    def __str__(self):
        return f"row {self.row_number} of {self.job_id}"
