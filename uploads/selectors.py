"""Reads of the uploads app: the jobs a caller may track, and their stored row results."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from django.utils import timezone

from uploads.models import UploadJob, UploadJobRow


def upload_job_for_tracking(*, user, kind: str, job_id: str | None) -> UploadJob | None:
    """The caller's unexpired job of that kind: the one named by `job_id`, or without it the
    newest one still pending (docs/decisions.md "Uploads"). None when there is no such job."""
    jobs = UploadJob.objects.filter(
        owner_role=user.role, owner_id=user.id, kind=kind, expires_at__gt=timezone.now()
    )
    if job_id is None:
        return jobs.filter(status=UploadJob.PENDING).order_by("-created_at").first()
    try:
        uuid.UUID(job_id)
    except ValueError:
        return None
    return jobs.filter(pk=job_id).first()


def upload_job_rows_after(
    *, job_id, row_number: int, before: int, page_size: int = 1000
) -> Iterator[UploadJobRow]:
    """Stored results of rows `row_number` < n < `before`, in order, a page at a time."""
    while True:
        page = list(
            UploadJobRow.objects.filter(
                job_id=job_id, row_number__gt=row_number, row_number__lt=before
            ).order_by("row_number")[:page_size]
        )
        yield from page
        if len(page) < page_size:
            return
        row_number = page[-1].row_number
