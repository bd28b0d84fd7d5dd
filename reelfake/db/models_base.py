"""Shared pieces of the unmanaged models mapped onto reelfake/db/schema.sql."""

from django.db import models
from django.db.models.functions import Now


class TimestampedModel(models.Model):
    """created_at/updated_at are filled by the database (defaults and an update trigger)."""

    created_at = models.DateTimeField(db_default=Now(), editable=False)
    updated_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        abstract = True
