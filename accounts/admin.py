"""The admin site: a sign-in form that asks for the staff email and counts like the API login,
and the store dashboard as its home page (docs/admin.md). Installed as the default site by
accounts.apps.ReelfakeAdminConfig, so every app's @admin.register lands here."""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.services import MSG_TOO_MANY_FAILURES
from accounts.throttling import login_attempt_begin, login_attempt_failed, login_attempt_succeeded
from reelfake.clients import client_address
from rentals.dashboard import dashboard_context


class AdminLoginForm(AdminAuthenticationForm):
    """Store managers sign in with their staff email (accounts/backends.py; the field keeps
    Django's name `username`, which the authentication backends receive). The sign-in counts
    in the API login's failed-login buckets (docs/security.md "Failed logins"): a bucket over
    its limit refuses before any password is checked."""

    username = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct email and password of a store manager. "
            "Note that the password is case-sensitive."
        ),
    }
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
    index_title = "Store dashboard"
    login_form = AdminLoginForm
    index_template = "admin/rentals/dashboard.html"

    def index(self, request, extra_context=None):
        return super().index(request, {**dashboard_context(request), **(extra_context or {})})

    def login(self, request, extra_context=None):
        """The sign-in page; a throttled sign-in answers it with 429 and Retry-After."""
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if getattr(form, "retry_after", None) is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response
