"""PUT/GET/DELETE /api/_toolkit/settings (docs/toolkit.md "Standing settings")."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from reelfake.exceptions import ApplicationError
from reelfake.schema import error_responses
from toolkit.models import StandingSettings
from toolkit.selectors import (
    DEFAULT_ROUTES,
    standing_allowed,
    standing_settings_forget,
    standing_settings_get,
    world_key,
)
from toolkit.serializers import StandingSettingsSerializer
from toolkit.services import standing_settings_clear, standing_settings_set

MSG_NO_STANDING_SETTINGS = (
    "Standing settings exist only in a sandbox, or on a server without sandboxes that allows "
    "the local reset (DEBUG or REELFAKE_RESET)"
)
_DESCRIPTION = (
    "Failures and latency injected into every request of this world whose path matches "
    "`routes`, for frontends that cannot add `fail`/`delay` to their requests. Affected answers "
    "carry `X-Reelfake-Injected` (`fail=503`, `latency=734`). Per sandbox; on a server without "
    "sandboxes only where the local reset is allowed (DEBUG or REELFAKE_RESET), else 404. "
    "A change shows on every server process within REELFAKE_TOOLKIT_SETTINGS_TTL_MS (1 s)."
)


class StandingSettingsView(APIView):
    authentication_classes = []
    permission_classes = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not standing_allowed(request):
            raise ApplicationError(MSG_NO_STANDING_SETTINGS, status=404)

    @extend_schema(
        summary="Read the standing failure and latency settings",
        description=_DESCRIPTION,
        responses={200: StandingSettingsSerializer, **error_responses(404)},
    )
    def get(self, request):
        row = standing_settings_get() or StandingSettings(routes=list(DEFAULT_ROUTES))
        return Response(StandingSettingsSerializer(row).data)

    @extend_schema(
        summary="Replace the standing failure and latency settings",
        description=_DESCRIPTION,
        request=StandingSettingsSerializer,
        responses={200: StandingSettingsSerializer, **error_responses(400, 404)},
    )
    def put(self, request):
        body = StandingSettingsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = standing_settings_set(**body.validated_data)
        standing_settings_forget(world_key(request))
        return Response(StandingSettingsSerializer(row).data)

    @extend_schema(
        summary="Remove the standing failure and latency settings",
        description=_DESCRIPTION,
        responses={204: None, **error_responses(404)},
    )
    def delete(self, request):
        standing_settings_clear()
        standing_settings_forget(world_key(request))
        return Response(status=204)
