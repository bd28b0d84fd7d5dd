from django.core.management.base import BaseCommand

from uploads.services import upload_jobs_purge


class Command(BaseCommand):
    help = (
        "Delete expired upload jobs with their stored files and row results. Jobs expire an "
        "hour (REELFAKE_UPLOAD_JOB_TTL_SECONDS) after their last activity; each new tracked "
        "upload also purges them, so run this from cron only when uploads are rare."
    )

    def handle(self, *args, **options):
        count = upload_jobs_purge()
        self.stdout.write(f"Purged {count} expired upload job{'s' if count != 1 else ''}.")
