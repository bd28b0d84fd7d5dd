"""The admin site: store management, with the sign-in counted like the API login."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from accounts.services import MSG_TOO_MANY_FAILURES
from accounts.throttling import login_attempt_begin, login_attempt_failed, login_attempt_succeeded
from reelfake.clients import client_address


class AdminLoginForm(AdminAuthenticationForm):
    """The admin sign-in counts in the API login's failed-login buckets (docs/security.md
    "Failed logins"): a bucket over its limit refuses before any password is checked."""

    retry_after: int | None = None

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()
        attempt = login_attempt_begin(email=username, client_address=client_address(self.request))
        if attempt.retry_after is not None:
            self.retry_after = attempt.retry_after
            message = MSG_TOO_MANY_FAILURES.format(seconds=attempt.retry_after)
            raise ValidationError(message, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            login_attempt_failed(attempt)
            raise
        login_attempt_succeeded(attempt)
        return cleaned


class ReelfakeAdminSite(admin.AdminSite):
    site_header = "Reelfake administration"
    site_title = "Reelfake admin"
    index_title = "Store management"
    login_form = AdminLoginForm

    def login(self, request, extra_context=None):
        """The sign-in page; a throttled sign-in answers it with 429 and Retry-After."""
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if getattr(form, "retry_after", None) is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response
