"""The toolkit's routes: standing settings (docs/toolkit.md "Standing settings") and the
request inspector (docs/toolkit.md "Request inspector")."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from accounts.identity import current_user
from reelfake.db.worlds import current_world
from reelfake.exceptions import ApplicationError
from reelfake.pagination import ItemsEnvelope
from reelfake.permissions import AnyRole
from reelfake.renderers import EventStreamRenderer, JSONRenderer
from reelfake.schema import error_responses, item_list_schema
from reelfake.sse import follow_response
from toolkit.filters import RequestRecordFilter
from toolkit.models import RequestRecord, StandingSettings
from toolkit.selectors import (
    DEFAULT_ROUTES,
    event_last_id,
    event_list_visible,
    inspector_allowed,
    request_record_list,
    standing_allowed,
    standing_settings_forget,
    standing_settings_get,
    world_key,
)
from toolkit.serializers import (
    EVENT_SCHEMA,
    EventSerializer,
    RequestRecordSerializer,
    StandingSettingsSerializer,
)
from toolkit.services import standing_settings_clear, standing_settings_set
from toolkit.wakeups import StreamWaker, shared_wakeups

MSG_NO_STANDING_SETTINGS = (
    "Standing settings exist only in a sandbox, or on a server without sandboxes that allows "
    "the local reset (DEBUG or REELFAKE_RESET)"
)
_DESCRIPTION = (
    "Failures and latency injected into every request of this world whose path matches "
    "`routes`, for frontends that cannot add `fail`/`delay` to their requests. Affected answers "
    "carry `X-Reelfake-Injected` (`fail=503`, `latency=734`). Per sandbox; on a server without "
    "sandboxes only where the local reset is allowed (DEBUG or REELFAKE_RESET), else 404. "
    "A change shows on every server process as its notification arrives (a few "
    "milliseconds), or within REELFAKE_TOOLKIT_SETTINGS_TTL_MS (1 s) on a process that does "
    "not listen to notifications."
)


class StandingSettingsView(GenericAPIView):
    authentication_classes = []
    permission_classes = []
    serializer_class = StandingSettingsSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not standing_allowed(request):
            raise ApplicationError(MSG_NO_STANDING_SETTINGS, status=404)

    @extend_schema(
        summary="Read the standing failure and latency settings",
        description=_DESCRIPTION,
        responses={200: StandingSettingsSerializer, **error_responses(400, 404)},
    )
    def get(self, request):
        row = standing_settings_get() or StandingSettings(routes=list(DEFAULT_ROUTES))
        return Response(self.get_serializer(row).data)

    @extend_schema(
        summary="Replace the standing failure and latency settings",
        description=_DESCRIPTION,
        request=StandingSettingsSerializer,
        responses={200: StandingSettingsSerializer, **error_responses(400, 404)},
    )
    def put(self, request):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = standing_settings_set(**body.validated_data)
        standing_settings_forget(world_key(request))
        return Response(self.get_serializer(row).data)

    @extend_schema(
        summary="Remove the standing failure and latency settings",
        description=_DESCRIPTION,
        responses={204: None, **error_responses(400, 404)},
    )
    def delete(self, request):
        standing_settings_clear()
        standing_settings_forget(world_key(request))
        return Response(status=204)


MSG_INSPECTOR_MAIN_WORLD = (
    "The main world's inspector would show other people's requests: create a sandbox and open "
    'its inspector (docs/toolkit.md "Request inspector")'
)
MSG_INSPECTOR_NOT_HERE = (
    "The request inspector exists only in a sandbox, or on a server without sandboxes that "
    "allows the local reset (DEBUG or REELFAKE_RESET)"
)
INSPECTOR_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_INSPECTOR_DESCRIPTION = (
    "The last 500 requests of this world, newest first: method, path with query, status, "
    "duration, origin, which credentials arrived (never their values), the CORS decision, "
    "bodies masked (passwords, tokens) and cut at 4 kB, and diagnoses of common frontend "
    "mistakes. In a sandbox; on a server without sandboxes only where the local reset is "
    "allowed (else 404); the main world of a server with sandboxes answers 403."
)


def check_inspector_allowed(request) -> None:
    if inspector_allowed(request):
        return
    if getattr(settings, "REELFAKE_SANDBOXES", False):
        raise ApplicationError(MSG_INSPECTOR_MAIN_WORLD, status=403)
    raise ApplicationError(MSG_INSPECTOR_NOT_HERE, status=404)


# The inspector's list: its filters a FilterSet (toolkit/filters.py), the whole list one
# {items, length} body (ItemsEnvelope). DjangoFilterBackend, not reelfake.filtering's
# FilterBackend: that one skips a query naming no filter, and `limit` has a default (100).
# The operation id is the one the route had as an APIView (a list view's would end in
# `_list`). Comments, not a docstring: OPTIONS would send a docstring as the route's
# description.
@extend_schema_view(get=extend_schema(operation_id="api__inspector_requests_retrieve"))
@extend_schema(
    summary="Recent requests of this world, with diagnoses",
    description=_INSPECTOR_DESCRIPTION,
    responses={
        200: item_list_schema("RequestRecordList", RequestRecordSerializer),
        **error_responses(400, 403, 404),
    },
)
class RequestRecordListView(ListAPIView):
    authentication_classes = []
    permission_classes = []
    serializer_class = RequestRecordSerializer
    pagination_class = ItemsEnvelope
    filter_backends = [DjangoFilterBackend]
    filterset_class = RequestRecordFilter
    queryset = RequestRecord.objects.none()  # the model, for the schema; get_queryset() reads

    def get_queryset(self):
        check_inspector_allowed(self.request)
        return request_record_list()


def stream_schema(*, summary: str, description: str, serializer, errors: tuple[int, ...]):
    """The OpenAPI description of an event stream of `serializer` payloads, resumable
    from `lastEventId`."""
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[OpenApiParameter("lastEventId", int, required=False)],
        responses={(200, "text/event-stream"): serializer, **error_responses(*errors)},
    )


def _record_events(after_id: int):
    records = reversed(list(request_record_list(after_id=after_id, limit=100)))
    return [(record.id, RequestRecordSerializer(record).data) for record in records]


class RequestRecordStreamView(GenericAPIView):
    authentication_classes = []
    permission_classes = []
    serializer_class = RequestRecordSerializer
    renderer_classes = [JSONRenderer, EventStreamRenderer]

    @stream_schema(
        summary="New requests of this world as Server-Sent Events",
        description=(
            "One `request` event per new request (`id:` its record id), after `Last-Event-ID` "
            "or `lastEventId` when given, else from now on. Heartbeat comments, a maximum "
            "duration (REELFAKE_SSE_MAX_STREAM_SECONDS) with a `retry:` hint, and at most "
            "REELFAKE_SSE_MAX_STREAMS_PER_CLIENT open streams per client (429 beyond)."
        ),
        serializer=RequestRecordSerializer,
        errors=(400, 403, 404, 429),
    )
    def get(self, request):
        check_inspector_allowed(request)

        def start():
            newest = request_record_list(limit=1).first()
            return newest.id if newest is not None else 0

        return follow_response(request, _record_events, start=start, event="request")


def inspector_page(request):
    """The live inspector (plain HTML and a script from static files: no build step)."""
    if not inspector_allowed(request):
        try:
            check_inspector_allowed(request)
        except ApplicationError as error:
            return HttpResponse(error.message, status=error.status, content_type="text/plain")
    request.csp_policy = INSPECTOR_POLICY
    return HttpResponse(
        render_to_string("toolkit/inspector.html", request=request),
        content_type="text/html; charset=utf-8",
    )


# How often an open event stream re-checks its caller (docs/toolkit.md "Streams").
SESSION_CHECK_SECONDS = 5
MSG_STREAM_SESSION_ENDED = (
    "Session ended (logout, password change or reset, or account deactivated): log in "
    "again, then open a new stream"
)
MSG_STREAM_TOKEN_EXPIRED = (
    "Access token expired: refresh it (POST /api/auth/refresh), then open a new stream"
)


class StreamCaller:
    """The caller of an open event stream, as they are now: re-read every
    SESSION_CHECK_SECONDS, so that a stream stops delivering soon after its session ends
    and follows a change of store or role."""

    def __init__(self, user, token):
        self.user = user
        payload = getattr(token, "payload", None) or {}
        self.expires_at = payload.get("exp")

    def check(self) -> str | None:
        if self.expires_at is not None and time.time() >= self.expires_at:
            return MSG_STREAM_TOKEN_EXPIRED
        now = current_user(
            user_id=self.user.id,
            email=self.user.email,
            role=self.user.role,
            session_version=self.user.session_version,
        )
        if now is None:
            return MSG_STREAM_SESSION_ENDED
        self.user = now
        return None

    def poll(self, after_id: int):
        events = list(event_list_visible(user=self.user, after_id=after_id))
        shown = EventSerializer(events, many=True).data
        return [(event.id, data) for event, data in zip(events, shown, strict=True)]


class EventStreamView(GenericAPIView):
    permission_classes = [AnyRole]
    serializer_class = EventSerializer
    renderer_classes = [JSONRenderer, EventStreamRenderer]

    @stream_schema(
        summary="Live events of this world (Server-Sent Events)",
        description=(
            "What changes in the caller's world, as it happens, from any server instance: "
            "`movie.created|updated|deleted`, `actor.created|updated|deleted`, `stock.changed`, "
            "`rental.created|returned`, `cart.changed`, `wishlist.changed`, "
            "`customer.registered`, `upload.finished`, and `movie.imported` (one per batch of "
            "rows a CSV upload commits, with its count, instead of one `movie.created` per "
            "movie). One unnamed event per change (read it "
            "with `onmessage`), `id:` for `Last-Event-ID` resume (or `lastEventId`); without "
            "either, from now on. Customers receive catalog events and their own cart, wishlist "
            "and rental events; staff and managers catalog events and their store's. Auth "
            "cookie or bearer token. Heartbeat comments, a maximum duration "
            "(REELFAKE_SSE_MAX_STREAM_SECONDS) ending with an `error` event and a `retry:` hint, "
            "and at most REELFAKE_SSE_MAX_STREAMS_PER_CLIENT open streams per client (429). The "
            "caller is re-checked every few seconds: after a logout, a password change or "
            "reset, a deactivation or the token's expiry the stream ends with an `error` event "
            "saying so."
        ),
        serializer=EVENT_SCHEMA,
        errors=(400, 401, 404, 429),
    )
    def get(self, request):
        caller = StreamCaller(request.user, request.auth)
        # Woken by NOTIFY when this world's events change; else it looks again after
        # SESSION_CHECK_SECONDS at most (or REELFAKE_SSE_POLL_MS without a listener).
        waker = StreamWaker(shared_wakeups(), current_world().schema)
        return follow_response(
            request,
            caller.poll,
            start=event_last_id,
            check=caller.check,
            check_seconds=SESSION_CHECK_SECONDS,
            wait=waker,
            poll_seconds=max(SESSION_CHECK_SECONDS, 0.01),
        )
