"""A user has at most REELFAKE_UPLOAD_MAX_PENDING_JOBS tracked jobs pending at once; the next
one answers 429 and stores nothing (docs/security.md "Upload jobs")."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reelfake.exceptions import ApplicationError
from reelfake.permissions import STORE_MANAGER
from tests.conftest import all_at_once
from tests.uploads.conftest import (
    UPLOAD_URL,
    VALIDATE_URL,
    csv_bytes,
    numbered_rows,
    post_csv,
    read_stream,
)
from tests.uploads.test_track import stream, upload_job, validation_job
from uploads import services
from uploads.models import UploadJob, UploadJobChunk

pytestmark = pytest.mark.django_db

CSV = csv_bytes(numbered_rows(2))
MESSAGE = {
    "status": "error",
    "message": "Too many tracked uploads: at most 3 jobs may be pending per user. This upload "
    "was not accepted; track a pending job to its end (or let it expire) and retry.",
}


@pytest.fixture
def three_pending(manager_client, reference_data, settings):
    settings.REELFAKE_UPLOAD_MAX_PENDING_JOBS = 3
    settings.REELFAKE_UPLOAD_JOB_TTL_SECONDS = 3600
    return [
        validation_job(manager_client, CSV),
        upload_job(manager_client, CSV),
        validation_job(manager_client, CSV),
    ]


def test_a_fourth_pending_job_answers_429(manager_client, three_pending):
    response = post_csv(manager_client, f"{UPLOAD_URL}?enable_tracking", CSV)
    assert response.status_code == 429
    assert response.json() == MESSAGE


def test_a_refused_job_says_when_the_first_pending_job_expires(manager_client, three_pending):
    response = post_csv(manager_client, f"{VALIDATE_URL}?enable_tracking", CSV)
    assert 3590 <= int(response["Retry-After"]) <= 3600


def test_a_refused_job_stores_nothing(manager_client, three_pending):
    post_csv(manager_client, f"{VALIDATE_URL}?enable_tracking", CSV)
    assert UploadJob.objects.count() == 3
    assert UploadJobChunk.objects.count() == 3


def newest_job_tracking() -> dict:
    """The 202 body of the job just accepted."""
    job = UploadJob.objects.order_by("-created_at").first()
    return {"trackingUrl": f"/movies/upload/track?job={job.id}"}


def test_a_finished_job_frees_its_place(manager_client, three_pending):
    read_stream(stream(manager_client, three_pending[0]))
    response = post_csv(manager_client, f"{UPLOAD_URL}?enable_tracking", CSV)
    assert response.status_code == 202
    assert response.json() == newest_job_tracking()


def test_an_expired_job_frees_its_place(manager_client, three_pending):
    first = UploadJob.objects.order_by("created_at").first()
    UploadJob.objects.filter(pk=first.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = post_csv(manager_client, f"{UPLOAD_URL}?enable_tracking", CSV)
    assert response.status_code == 202
    assert response.json() == newest_job_tracking()


def test_another_manager_is_not_limited_by_the_first_ones_jobs(other_manager_client, three_pending):
    response = post_csv(other_manager_client, f"{UPLOAD_URL}?enable_tracking", CSV)
    assert response.status_code == 202
    assert response.json() == newest_job_tracking()


def test_uploads_without_tracking_are_not_limited(manager_client, three_pending):
    response = post_csv(manager_client, VALIDATE_URL, CSV)
    assert (response.status_code, response.json()) == (200, {"totalRows": 2, "invalidRows": []})


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_cannot_exceed_the_quota(settings):
    settings.REELFAKE_UPLOAD_MAX_PENDING_JOBS = 3

    def create():
        try:
            services.upload_job_create(
                owner_role=STORE_MANAGER,
                owner_id=1,
                kind=UploadJob.UPLOAD,
                file=SimpleUploadedFile("movies.csv", CSV, content_type="text/csv"),
                file_name="movies.csv",
            )
            return "created"
        except ApplicationError as error:
            return error.status

    outcomes = all_at_once([create] * 8)
    assert sorted(outcomes, key=str) == [429] * 5 + ["created"] * 3
    assert UploadJob.objects.count() == 3
