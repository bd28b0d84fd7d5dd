"""Answers of the service routes (reelfake/views.py): GET /api, GET /api/test and
/api/health/*, and the {"message"} answer several apps share. (Comments, not docstrings, on
the classes: drf-spectacular copies a serializer's docstring into the OpenAPI document.)"""

from rest_framework import serializers


# GET /api: the API's name and version, and BUILD_AT only when that setting is set.
class ApiInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()
    BUILD_AT = serializers.CharField(required=False, help_text="Only when BUILD_AT is set.")


# {"message": ...}: GET /auth/logout, POST /auth/refresh, POST /api/reset.
class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


# {"status", "message"}: GET /api/test's 500 ("ERROR") and /api/health/ready's 503 ("error").
class StatusMessageSerializer(serializers.Serializer):
    status = serializers.CharField()
    message = serializers.CharField()


# The database details GET /api/test adds in debug mode.
class DatabaseDetailsSerializer(serializers.Serializer):
    dialect = serializers.CharField()
    dbName = serializers.CharField()
    dbVersion = serializers.CharField()
    tables = serializers.ListField(child=serializers.CharField())


# GET /api/test when the database answers: RUNNING, with `db` in debug mode only.
class DatabaseHealthSerializer(StatusMessageSerializer):
    db = DatabaseDetailsSerializer(required=False, help_text="Only in debug mode.")


# GET /api/health/live ("ok") and /api/health/ready ("ready").
class HealthStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
