from django.apps import AppConfig


class SchemaConfig(AppConfig):
    """Holds the migration that applies schema.sql (the project's own SQL schema), and
    registers the project's system checks (reelfake/checks.py)."""

    name = "reelfake.db"
    label = "reelfake_schema"
    verbose_name = "Reelfake schema"

    def ready(self):
        from reelfake import checks  # noqa: F401  (registers the deployment checks)
