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


E003 = "reelfake.E003"
# The last reelfake commit holding the migrations 0001_squashed_0013_schema replaces.
REPLACED_MIGRATIONS_COMMIT = "6f158d7"


@register(Tags.database)
def replaced_migrations_check(app_configs, databases=None, **kwargs) -> list[Error]:
    """A database that stopped partway through migrations a squash replaces, whose files are
    gone, cannot migrate: Django would drop the squash from its plan and run nothing of that
    app. `migrate` runs this check first (docs/testing.md "Schema and migrations")."""
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    errors = []
    for alias in databases or []:
        recorder = MigrationRecorder(connections[alias])
        if not recorder.has_table():
            continue
        applied = recorder.applied_migrations()
        loader = MigrationLoader(None, ignore_no_migrations=True)
        for key, squash in loader.replacements.items():
            done = [name for app, name in squash.replaces if (app, name) in applied]
            todo = [name for app, name in squash.replaces if (app, name) not in applied]
            on_disk = any(replaced in loader.disk_migrations for replaced in squash.replaces)
            if not done or not todo or key in applied or on_disk:
                continue
            errors.append(
                Error(
                    f"Database '{alias}' stopped partway through the migrations "
                    f"{key[0]}.{key[1]} replaces: it applied {', '.join(done)} but not "
                    f"{', '.join(todo)}, whose files are gone, so migrate cannot bring it to "
                    "the schema.",
                    hint=replaced_migrations_hint(alias),
                    id=E003,
                )
            )
    return errors


def replaced_migrations_hint(alias: str) -> str:
    """What to do about a database E003 names: recreate it, or finish the old migrations."""
    if alias == "default" and getattr(settings, "EMBEDDED_DATABASE", False):
        from reelfake.db.embedded import data_dir

        recreate = (
            f"It is the embedded database: `make db-stop`, delete {data_dir()}, then "
            "`make run` creates, migrates and seeds a new one (`make clean && make run` "
            "does it for the default .pgdata/, reinstalling .venv too)."
        )
    else:
        recreate = "Drop and create the database, then run `manage.py migrate`."
    return (
        f"{recreate} To keep its rows instead, run `manage.py migrate` with reelfake commit "
        f"{REPLACED_MIGRATIONS_COMMIT} (the last that has those migrations), then with this one."
    )
