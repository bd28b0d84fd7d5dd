"""The frontend toolkit's state (docs/toolkit.md), kept in PostgreSQL tables that Django
manages (toolkit/migrations): unqualified names, so every world (sandbox) has its own."""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class StandingSettings(models.Model):
    """The failures and latency injected into every matching request of this world, set with
    PUT /api/_toolkit/settings. At most one row: its id is always 1."""

    ROW_ID = 1

    id = models.SmallIntegerField(primary_key=True, default=ROW_ID)
    fail_rate = models.FloatField(default=0)
    fail_statuses = ArrayField(models.SmallIntegerField(), default=list)
    # A `delay` form (reelfake/latency.py): "<ms>", "<min>-<max>" or "random"; NULL for none.
    latency = models.CharField(max_length=40, null=True, blank=True)
    routes = ArrayField(models.CharField(max_length=200), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "toolkit_settings"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="toolkit_settings_single_row"),
        ]

    def __str__(self):
        return f"failRate={self.fail_rate} latency={self.latency} routes={self.routes}"


class RequestRecord(models.Model):
    """One request as the inspector shows it (docs/toolkit.md "Request inspector"): no
    credential values, bodies masked and cut at 4 kB. About the last 500 of a world are kept;
    every 50th insert drops the older ones (toolkit/services.py request_record_add)."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField()
    method = models.CharField(max_length=16)
    path = models.TextField()  # with the query string, cut at 2000 characters
    status = models.SmallIntegerField()
    duration_ms = models.FloatField()
    origin = models.TextField(null=True, blank=True)
    # "cookie", "bearer", "cookie+bearer" or "none": which credentials arrived, never values.
    credentials = models.CharField(max_length=16)
    # "none" (no Origin header), "same-origin", "allowed" or "refused".
    cors = models.CharField(max_length=16)
    request_content_type = models.TextField(null=True, blank=True)
    request_body = models.TextField(null=True, blank=True)
    response_body = models.TextField(null=True, blank=True)
    diagnoses = models.JSONField(default=list)
    request_id = models.CharField(max_length=128, null=True, blank=True)

    class Meta:
        db_table = "toolkit_request"
        ordering = ["-id"]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"


class Event(models.Model):
    """Something that changed in this world, written by database triggers (toolkit/migrations,
    docs/toolkit.md "Live events") whatever made the change: the API, the admin, an upload or
    a command. /api/events streams the rows a caller may see: `public` ones to everyone,
    `staff_wide` ones to all staff, the others to the customer, the store's staff or the
    staff member they name. The last 1000 to 2000 are kept."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField()
    type = models.CharField(max_length=40)
    # What changed, captured by the trigger; toolkit/serializers.py shapes it into the
    # event's `ids` and `payload` (docs/toolkit.md "Live events").
    op = models.CharField(max_length=8)  # created, updated or deleted
    data = models.JSONField(default=dict)  # the row's columns an event needs, and a few facts
    public = models.BooleanField(default=False)
    staff_wide = models.BooleanField(default=False)
    customer_id = models.IntegerField(null=True)
    store_id = models.IntegerField(null=True)
    staff_id = models.IntegerField(null=True)

    class Meta:
        db_table = "toolkit_event"
        ordering = ["id"]

    def __str__(self):
        return f"{self.id} {self.type}"
