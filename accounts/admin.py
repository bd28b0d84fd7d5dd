"""The admin site: a sign-in form that asks for the staff email, and the store dashboard as
its home page (docs/admin.md). Installed as the default site by
accounts.apps.ReelfakeAdminConfig, so every app's @admin.register lands here."""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _

from rentals.dashboard import dashboard_context


class EmailAuthenticationForm(AdminAuthenticationForm):
    """Store managers sign in with their staff email (accounts/backends.py); the field keeps
    Django's name `username`, which the authentication backends receive."""

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


class ReelfakeAdminSite(admin.AdminSite):
    site_header = "Reelfake administration"
    site_title = "Reelfake admin"
    index_title = "Store dashboard"
    login_form = EmailAuthenticationForm
    index_template = "admin/rentals/dashboard.html"

    def index(self, request, extra_context=None):
        return super().index(request, {**dashboard_context(request), **(extra_context or {})})
