from django.apps import AppConfig


class SchemaConfig(AppConfig):
    """Holds the migration that applies schema.sql (the project's own SQL schema)."""

    name = "reelfake.db"
    label = "reelfake_schema"
    verbose_name = "Reelfake schema"
