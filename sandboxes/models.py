"""The registry of sandboxes, shared by every world (docs/sandboxes.md "How it works")."""

from django.db import models


class Sandbox(models.Model):
    """One sandbox schema: a live sandbox (key_hash set), a warm one in the pool (key_hash and
    retired_at NULL), cloned ahead of time and handed out by the next creation or reset, or a
    retired one waiting to be dropped.

    Only the SHA-256 of the key is stored: the registry never holds what opens a sandbox."""

    key_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    schema_name = models.CharField(max_length=63, unique=True)
    # The template fingerprint the schema was cloned from (a pool entry of an older schema
    # is never handed out).
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    creator_address = models.CharField(max_length=64, blank=True, default="")
    # Set when the sandbox was deleted, reset or expired: the schema is dropped a grace period
    # later, so a request that entered it just before never falls through to another world.
    retired_at = models.DateTimeField(null=True, blank=True)
    # Resets so far: an open event stream ends when it changes (docs/sandboxes.md "Event
    # streams across a reset or delete").
    resets = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "sandbox"
        ordering = ["id"]

    def __str__(self):
        return f"sandbox {self.id} ({self.schema_name})"


class SandboxCreation(models.Model):
    """One sandbox creation, kept an hour for the per-address rate limit."""

    address = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        db_table = "sandbox_creation"
        ordering = ["id"]
        indexes = [models.Index(fields=["address", "created_at"])]

    def __str__(self):
        return f"{self.address} at {self.created_at:%Y-%m-%d %H:%M:%S}"
