"""Deployment system checks, run by `manage.py check --deploy` (docs/security.md "Public
servers")."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

# Hosts only this machine reaches (Django's test client sends "testserver").
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1", "testserver"})

E001 = "reelfake.E001"


def public_hosts(allowed_hosts) -> list[str]:
    """The ALLOWED_HOSTS entries other machines can reach ('*' and subdomain wildcards
    included)."""
    return [host for host in allowed_hosts if host.lower() not in LOCAL_HOSTS]


@register(Tags.security, deploy=True)
def open_password_reset_check(app_configs, **kwargs) -> list[Error]:
    """The open password reset lets anyone set any account's password, store managers
    included: fine on a developer's machine or inside throw-away sandboxes, never on a public
    host serving the one shared world."""
    if not getattr(settings, "REELFAKE_OPEN_PASSWORD_RESET", False):
        return []
    if getattr(settings, "REELFAKE_SANDBOXES", False):
        return []
    hosts = public_hosts(settings.ALLOWED_HOSTS)
    if not hosts:
        return []
    return [
        Error(
            "The open password reset (REELFAKE_OPEN_PASSWORD_RESET) is on, without sandboxes, "
            f"on a server reachable as {', '.join(hosts)}: anyone could take over any "
            "account, store managers included.",
            hint="Set REELFAKE_OPEN_PASSWORD_RESET=false, enable sandboxes, or serve only "
            "localhost.",
            id=E001,
        )
    ]


E002 = "reelfake.E002"
# Django's admin (admin.E408-E410) and CSRF (security.W003) checks look for these in
# MIDDLEWARE; reelfake.middleware.PageMiddleware runs them from PAGE_MIDDLEWARE instead, so
# settings.py silences those checks and this one stands in for them.
PAGE_NEEDS = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
)


@register(Tags.admin, Tags.security)
def page_middleware_check(app_configs, **kwargs) -> list[Error]:
    """The admin and the HTML pages get sessions, CSRF protection, Django auth and messages:
    each in PAGE_MIDDLEWARE (or a subclass), with PageMiddleware in MIDDLEWARE."""
    page = getattr(settings, "PAGE_MIDDLEWARE", [])
    if "reelfake.middleware.PageMiddleware" not in settings.MIDDLEWARE:
        page = []
    present = [import_string(path) for path in page]
    return [
        Error(
            f"{need} must be in PAGE_MIDDLEWARE, run by reelfake.middleware.PageMiddleware "
            "in MIDDLEWARE: the admin needs it.",
            id=E002,
        )
        for need in PAGE_NEEDS
        if not any(issubclass(cls, import_string(need)) for cls in present)
    ]
