"""Deployment system checks, run by `manage.py check --deploy` (docs/security.md "Public
servers")."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

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
