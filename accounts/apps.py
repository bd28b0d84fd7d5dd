from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from accounts import schema  # noqa: F401  (registers the OpenAPI auth extension)


class ReelfakeAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with accounts.admin.ReelfakeAdminSite as `admin.site`; named in
    INSTALLED_APPS, never picked for `accounts` itself (default = False)."""

    default = False
    default_site = "accounts.admin.ReelfakeAdminSite"
