from django.db import models


class LoginFailure(models.Model):
    """One failed login in one bucket (accounts/throttling.py), kept in PostgreSQL so every
    worker and host counts alike; a login attempt in flight holds its rows too.

    `key` is "account:<email>", "pair:<client address> <email>" or "client:<client
    address>"; rows older than the window are purged as new failures arrive."""

    key = models.CharField(max_length=200)
    failed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["key", "failed_at"])]
        ordering = ["id"]

    def __str__(self):
        return f"{self.key} at {self.failed_at:%Y-%m-%d %H:%M:%S}"
