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
