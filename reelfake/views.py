"""Service routes: welcome page, API identity, database health, and the unknown-route 404.

The /api routes here are generic views like every other API route; the welcome page and the
404 handlers are plain Django views (HTML, and answers for paths no route matches)."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponse, JsonResponse
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from reelfake.exceptions import MSG_SERVER_ERROR, error_body, route_not_found_body
from reelfake.serializers import (
    ApiInfoSerializer,
    DatabaseHealthSerializer,
    HealthStatusSerializer,
    StatusMessageSerializer,
)

WELCOME_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reelfake API</title></head>
<body><p>Welcome to Reelfake API...</p>
<p>Routes live under <a href="/api">/api</a>. Documentation: <a href="/api/docs">Swagger UI</a>,
<a href="/api/redocs">Redoc</a>, <a href="/openapi">OpenAPI schema</a>.</p></body></html>
"""


def welcome(request):
    return HttpResponse(WELCOME_HTML, content_type="text/html; charset=utf-8")


class ServiceView(GenericAPIView):
    # GET only, no HEAD: the answers these routes gave as @api_view(["GET"]) functions
    # (HEAD is the unknown-route 404). (Comments, not docstrings, on these classes:
    # drf-spectacular and OPTIONS show a view's docstring as its description.)
    http_method_names = ["get", "options"]
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []


class ApiInfoView(ServiceView):
    serializer_class = ApiInfoSerializer

    @extend_schema(tags=["service"], summary="API name and version")
    def get(self, request):
        body = {"name": "reelfake-api", "version": settings.API_VERSION}
        if settings.BUILD_AT:
            body["BUILD_AT"] = settings.BUILD_AT
        return Response(self.get_serializer(body).data)


class DatabaseHealthView(ServiceView):
    serializer_class = DatabaseHealthSerializer

    @extend_schema(
        tags=["service"],
        summary="Database health",
        description="RUNNING when the database answers. Database details only in debug mode.",
        responses={200: DatabaseHealthSerializer, 500: StatusMessageSerializer},
    )
    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_database(), current_setting('server_version')")
                db_name, db_version = cursor.fetchone()
                cursor.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' ORDER BY table_name"
                )
                tables = [row[0] for row in cursor.fetchall()]
        except Exception as exc:  # the database is down or unreachable
            message = str(exc) if settings.DEBUG else MSG_SERVER_ERROR
            body = {"status": "ERROR", "message": message}
            return Response(StatusMessageSerializer(body).data, status=500)
        body = {"status": "RUNNING", "message": "Database is running"}
        if settings.DEBUG:
            body["db"] = {
                "dialect": "postgres",
                "dbName": db_name,
                "dbVersion": db_version,
                "tables": tables,
            }
        return Response(DatabaseHealthSerializer(body).data)


def route_not_found(request, *args, **kwargs):
    """Any path or method the API does not have: the contract's 404 body (no `status`)."""
    return JsonResponse(
        route_not_found_body(request),
        status=404,
        content_type="application/json; charset=utf-8",
    )


MSG_BAD_HOST = "The Host header names no host this server answers for"
MSG_BAD_REQUEST = "Bad request"


def bad_request(request, exception=None, *args, **kwargs):
    """Django's 400 for a SuspiciousOperation raised outside a DRF view, above all a Host
    header not in ALLOWED_HOSTS (CommonMiddleware checks it on every request). The log line
    is reelfake.logs.ClientErrorFilter's; the answer is the API's error body."""
    message = MSG_BAD_HOST if isinstance(exception, DisallowedHost) else MSG_BAD_REQUEST
    return JsonResponse(
        error_body(message),
        status=400,
        content_type="application/json; charset=utf-8",
    )


def server_error(request, *args, **kwargs):
    return JsonResponse(
        error_body(MSG_SERVER_ERROR),
        status=500,
        content_type="application/json; charset=utf-8",
    )


# The health routes read no cookie: a broken one must not fail a probe.
class HealthLiveView(ServiceView):
    authentication_classes = []
    serializer_class = HealthStatusSerializer

    @extend_schema(tags=["service"], summary="Liveness: the process answers")
    def get(self, request):
        return Response(self.get_serializer({"status": "ok"}).data)


MSG_DATABASE_UNREACHABLE = "Database unreachable"
MSG_SCHEMA_MISSING = "Schema missing"


class HealthReadyView(ServiceView):
    authentication_classes = []
    serializer_class = HealthStatusSerializer

    @extend_schema(
        tags=["service"],
        summary="Readiness: the database answers and holds the schema",
        responses={200: HealthStatusSerializer, 503: StatusMessageSerializer},
    )
    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT to_regclass('movie') IS NOT NULL")
                schema_present = cursor.fetchone()[0]
        except Exception:
            problem = MSG_DATABASE_UNREACHABLE
        else:
            problem = None if schema_present else MSG_SCHEMA_MISSING
        if problem is not None:
            body = {"status": "error", "message": problem}
            return Response(StatusMessageSerializer(body).data, status=503)
        return Response(HealthStatusSerializer({"status": "ready"}).data)
