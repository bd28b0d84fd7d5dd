"""Who may call the sandbox routes (docs/sandboxes.md "Routes"): each refusal is a 404 naming
why, as a missing route would be."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from reelfake.clients import client_address
from reelfake.exceptions import ApplicationError
from sandboxes import selectors

MSG_DISABLED = "Sandboxes are not enabled on this server"
MSG_OUTSIDE = "This request is not in a sandbox; address one as /sandbox/<key>/api/…"
MSG_RESET_DISABLED = "Reset is not enabled on this server"


def _applies(request, view) -> bool:
    """Only to the methods the view answers itself: OPTIONS and the methods it lacks are
    answered as on any route."""
    method = request.method.lower()
    return method != "options" and hasattr(view, method)


class SandboxesEnabled(BasePermission):
    def has_permission(self, request, view) -> bool:
        if _applies(request, view) and not settings.REELFAKE_SANDBOXES:
            raise ApplicationError(MSG_DISABLED, status=404)
        return True


class InSandbox(SandboxesEnabled):
    """The request entered a sandbox (sandboxes.middleware sets `request.sandbox_id`)."""

    def has_permission(self, request, view) -> bool:
        super().has_permission(request, view)
        if _applies(request, view) and getattr(request, "sandbox_id", None) is None:
            raise ApplicationError(MSG_OUTSIDE, status=404)
        return True


class LocalResetEnabled(BasePermission):
    """`POST /api/reset`: sandboxes off, and DEBUG or REELFAKE_RESET (docs/sandboxes.md
    "Local reset (sandboxes off)")."""

    def has_permission(self, request, view) -> bool:
        if not _applies(request, view):
            return True
        if settings.REELFAKE_SANDBOXES or not (settings.DEBUG or settings.REELFAKE_RESET):
            raise ApplicationError(MSG_RESET_DISABLED, status=404)
        return True


class SandboxCreationThrottle(BaseThrottle):
    """SANDBOX_CREATES_PER_HOUR per client address (docs/sandboxes.md "Limits"), read without
    a lock; services.sandbox_create checks it again under its lock, so that requests at once
    never pass it together. The view answers the refusal (429 + Retry-After)."""

    def allow_request(self, request, view) -> bool:
        if not _applies(request, view):
            return True
        self.seconds = selectors.sandbox_creation_wait(client_address(request), timezone.now())
        return not self.seconds

    def wait(self) -> int:
        return self.seconds
