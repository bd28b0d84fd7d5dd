"""Sandbox routes (docs/sandboxes.md "Routes") and the local reset."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from reelfake.clients import client_address
from reelfake.db import worlds
from reelfake.db.seeding import (
    DEMO_CUSTOMER_EMAIL,
    DEMO_MANAGER_EMAIL,
    DEMO_PASSWORD,
    DEMO_STAFF_EMAIL,
)
from reelfake.exceptions import ApplicationError
from reelfake.schema import ErrorSerializer, error_responses
from sandboxes import selectors, services
from sandboxes.serializers import SandboxCreatedSerializer, SandboxSerializer

MSG_DISABLED = "Sandboxes are not enabled on this server"
MSG_OUTSIDE = "This request is not in a sandbox; address one as /sandbox/<key>/api/…"
MSG_RESET_DISABLED = "Reset is not enabled on this server"
DEMO_LOGINS = [
    {"role": "customer", "email": DEMO_CUSTOMER_EMAIL, "password": DEMO_PASSWORD},
    {"role": "staff", "email": DEMO_STAFF_EMAIL, "password": DEMO_PASSWORD},
    {"role": "store manager", "email": DEMO_MANAGER_EMAIL, "password": DEMO_PASSWORD},
]
ERROR_503 = OpenApiResponse(ErrorSerializer, description="Server full (Retry-After)")


def base_url(request, key: str) -> str:
    return f"{request.build_absolute_uri('/')[:-1]}/sandbox/{key}/api"


def _sandbox_id(request) -> int:
    if not settings.REELFAKE_SANDBOXES:
        raise ApplicationError(MSG_DISABLED, status=404)
    sandbox_id = getattr(request, "sandbox_id", None)
    if sandbox_id is None:
        raise ApplicationError(MSG_OUTSIDE, status=404)
    return sandbox_id


def _described(request, sandbox) -> dict:
    used, quota = worlds.rows_used(sandbox.schema_name)
    sandbox.baseUrl = base_url(request, request.sandbox_key)
    sandbox.rows = {"used": used, "quota": quota}
    return SandboxSerializer(sandbox).data


class SandboxCreateView(APIView):
    authentication_classes = []

    @extend_schema(
        tags=["sandboxes"],
        summary="Create a sandbox",
        description=(
            "A private copy of the seeded data set. Address it as `baseUrl` "
            "(`<origin>/sandbox/<key>/api`) or send `X-Reelfake-Sandbox: <key>`."
        ),
        request=None,
        responses={201: SandboxCreatedSerializer, **error_responses(404, 429), 503: ERROR_503},
    )
    def post(self, request):
        if not settings.REELFAKE_SANDBOXES:
            raise ApplicationError(MSG_DISABLED, status=404)
        sandbox, key = services.sandbox_create(address=client_address(request))
        sandbox.key = key
        sandbox.baseUrl = base_url(request, key)
        sandbox.logins = DEMO_LOGINS
        return Response(SandboxCreatedSerializer(sandbox).data, status=201)


class SandboxView(APIView):
    authentication_classes = []

    @extend_schema(
        tags=["sandboxes"],
        summary="This sandbox",
        description="Created, last used, expiry, rows added against the quota.",
        responses={200: SandboxSerializer, **error_responses(404)},
    )
    def get(self, request):
        sandbox = selectors.sandbox_get(_sandbox_id(request))
        return Response(_described(request, sandbox))

    @extend_schema(
        tags=["sandboxes"],
        summary="Delete this sandbox",
        responses={204: None, **error_responses(404)},
    )
    def delete(self, request):
        services.sandbox_delete(sandbox_id=_sandbox_id(request))
        return Response(status=204)


class SandboxResetView(APIView):
    authentication_classes = []

    @extend_schema(
        tags=["sandboxes"],
        summary="Reset this sandbox to the seeded data",
        request=None,
        responses={200: SandboxSerializer, **error_responses(404)},
    )
    def post(self, request):
        sandbox = services.sandbox_reset(sandbox_id=_sandbox_id(request))
        # The rest of this request reads the sandbox's new schema.
        worlds.activate(worlds.World(id=f"s{sandbox.id}", schema=sandbox.schema_name))
        return Response(_described(request, sandbox))


class LocalResetView(APIView):
    authentication_classes = []

    @extend_schema(
        tags=["sandboxes"],
        summary="Restore the seeded data set (local servers)",
        description=(
            "Only with sandboxes off and DEBUG or REELFAKE_RESET=true (`make run` sets it); "
            "otherwise 404. Test suites call it before each test."
        ),
        request=None,
        responses={200: OpenApiResponse(description="Reset"), **error_responses(404)},
    )
    def post(self, request):
        if settings.REELFAKE_SANDBOXES or not (settings.DEBUG or settings.REELFAKE_RESET):
            raise ApplicationError(MSG_RESET_DISABLED, status=404)
        services.main_world_reset()
        return Response({"message": "Data reset to the seeded data set"})
