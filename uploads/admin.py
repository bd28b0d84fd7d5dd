from django.contrib import admin

from uploads.models import UploadJob


@admin.register(UploadJob)
class UploadJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are written by their tracking streams."""

    list_display = ("id", "kind", "owner_role", "owner_id", "status", "progress", "created_at")
    list_filter = ("kind", "status")
    readonly_fields = [field.name for field in UploadJob._meta.fields]

    @admin.display(description="rows done")
    def progress(self, job):
        return f"{job.next_row - 1}/{job.total_rows}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
