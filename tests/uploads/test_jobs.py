"""Job expiry and purge (W9, W11): unconsumed jobs expire after an hour and are purged."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.uploads.conftest import (
    TRACK_VALIDATION_URL,
    VALIDATE_URL,
    csv_bytes,
    movie_row,
    post_csv,
    read_stream,
)
from uploads.models import UploadJob, UploadJobChunk, UploadJobRow

pytestmark = pytest.mark.django_db


def tracked_validation(client) -> UploadJob:
    post_csv(client, f"{VALIDATE_URL}?enable_tracking", csv_bytes([movie_row()]))
    return UploadJob.objects.order_by("-created_at").first()


def expire(job: UploadJob) -> None:
    UploadJob.objects.filter(pk=job.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_a_new_job_expires_in_one_hour(manager_client, reference_data):
    job = tracked_validation(manager_client)
    lifetime = job.expires_at - job.created_at
    assert datetime.timedelta(minutes=59) < lifetime <= datetime.timedelta(hours=1)


def test_job_lifetime_is_a_setting(manager_client, reference_data, settings):
    settings.REELFAKE_UPLOAD_JOB_TTL_SECONDS = 60
    job = tracked_validation(manager_client)
    assert job.expires_at - job.created_at <= datetime.timedelta(seconds=60)


def test_purge_command_deletes_expired_jobs_with_their_file_and_rows(
    manager_client, reference_data
):
    done = tracked_validation(manager_client)
    read_stream(manager_client.get(f"{TRACK_VALIDATION_URL}?job={done.id}"))
    kept = tracked_validation(manager_client)
    expire(done)
    call_command("purge_upload_jobs")
    assert list(UploadJob.objects.values_list("id", flat=True)) == [kept.id]
    assert not UploadJobChunk.objects.filter(job_id=done.id).exists()
    assert not UploadJobRow.objects.filter(job_id=done.id).exists()
    assert UploadJobChunk.objects.filter(job_id=kept.id).exists()


def test_purge_command_says_how_many_jobs_it_deleted(manager_client, reference_data, capsys):
    expire(tracked_validation(manager_client))
    call_command("purge_upload_jobs")
    assert capsys.readouterr().out == "Purged 1 expired upload job.\n"


def test_a_new_tracked_upload_purges_expired_jobs(manager_client, reference_data):
    old = tracked_validation(manager_client)
    expire(old)
    tracked_validation(manager_client)
    assert not UploadJob.objects.filter(pk=old.pk).exists()
    assert UploadJob.objects.count() == 1


def test_an_expired_job_is_no_longer_the_pending_job(manager_client, reference_data):
    expire(tracked_validation(manager_client))
    response = manager_client.get(TRACK_VALIDATION_URL)
    assert response.status_code == 404
    assert response.json()["message"] == "Upload validation request is not found"
