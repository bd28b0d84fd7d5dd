"""Sandbox routes (docs/sandboxes.md "Routes") and the local reset."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView, RetrieveDestroyAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from reelfake.clients import client_address
from reelfake.db import worlds
from reelfake.db.seeding import (
    DEMO_CUSTOMER_EMAIL,
    DEMO_MANAGER_EMAIL,
    DEMO_PASSWORD,
    DEMO_STAFF_EMAIL,
)
from reelfake.schema import ErrorSerializer, error_responses
from reelfake.serializers import MessageSerializer
from sandboxes import selectors, services
from sandboxes.permissions import (
    InSandbox,
    LocalResetEnabled,
    SandboxCreationThrottle,
    SandboxesEnabled,
)
from sandboxes.serializers import SandboxCreatedSerializer, SandboxSerializer

DEMO_LOGINS = [
    {"role": "customer", "email": DEMO_CUSTOMER_EMAIL, "password": DEMO_PASSWORD},
    {"role": "staff", "email": DEMO_STAFF_EMAIL, "password": DEMO_PASSWORD},
    {"role": "store manager", "email": DEMO_MANAGER_EMAIL, "password": DEMO_PASSWORD},
]
ERROR_503 = OpenApiResponse(ErrorSerializer, description="Server full (Retry-After)")


def base_url(request, key: str) -> str:
    return f"{request.build_absolute_uri('/')[:-1]}/sandbox/{key}/api"


class SandboxCreateView(GenericAPIView):
    # Reads no body (no CreateModelMixin): whatever a client sends with the POST is ignored.

    authentication_classes = []
    permission_classes = [AllowAny, SandboxesEnabled]
    throttle_classes = [SandboxCreationThrottle]
    serializer_class = SandboxCreatedSerializer

    def throttled(self, request, wait):
        raise services.rate_limited(wait)

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
        sandbox, key = services.sandbox_create(address=client_address(request))
        sandbox.key = key
        sandbox.baseUrl = base_url(request, key)
        sandbox.logins = DEMO_LOGINS
        return Response(self.get_serializer(sandbox).data, status=201)


# Anonymous (AllowAny: the key is the credential), refused outside a sandbox.
class SandboxMixin:
    # The request's own sandbox, described with its base URL and rows against the quota.

    authentication_classes = []
    permission_classes = [AllowAny, InSandbox]
    serializer_class = SandboxSerializer

    def described(self, sandbox):
        used, quota = worlds.rows_used(sandbox.schema_name)
        sandbox.baseUrl = base_url(self.request, self.request.sandbox_key)
        sandbox.rows = {"used": used, "quota": quota}
        return sandbox

    def get_object(self):
        return self.described(selectors.sandbox_get(self.request.sandbox_id))


@extend_schema(tags=["sandboxes"])
class SandboxView(SandboxMixin, RetrieveDestroyAPIView):
    @extend_schema(
        summary="This sandbox",
        description="Created, last used, expiry, rows added against the quota.",
        responses={200: SandboxSerializer, **error_responses(404)},
    )
    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)

    @extend_schema(summary="Delete this sandbox", responses={204: None, **error_responses(404)})
    def delete(self, request, *args, **kwargs):
        return self.destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.sandbox_delete(sandbox_id=instance.id)


class SandboxResetView(SandboxMixin, GenericAPIView):
    @extend_schema(
        tags=["sandboxes"],
        summary="Reset this sandbox to the seeded data",
        request=None,
        responses={200: SandboxSerializer, **error_responses(404)},
    )
    def post(self, request):
        sandbox = services.sandbox_reset(sandbox_id=request.sandbox_id)
        # The rest of this request reads the sandbox's new schema.
        worlds.activate(worlds.World(id=f"s{sandbox.id}", schema=sandbox.schema_name))
        return Response(self.get_serializer(self.described(sandbox)).data)


class LocalResetView(GenericAPIView):
    authentication_classes = []
    permission_classes = [AllowAny, LocalResetEnabled]
    serializer_class = MessageSerializer

    @extend_schema(
        tags=["sandboxes"],
        summary="Restore the seeded data set (local servers)",
        description=(
            "Only with sandboxes off and DEBUG or REELFAKE_RESET=true (`make run` sets it); "
            "otherwise 404. Test suites call it before each test."
        ),
        request=None,
        responses={
            200: OpenApiResponse(MessageSerializer, description="Reset"),
            **error_responses(404),
        },
    )
    def post(self, request):
        services.main_world_reset()
        return Response(self.get_serializer({"message": "Data reset to the seeded data set"}).data)
