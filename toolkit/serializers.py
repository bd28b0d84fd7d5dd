"""The standing settings on the wire: one shape in and out."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from reelfake.latency import LatencyError, parse_latency
from toolkit.selectors import DEFAULT_ROUTES

MAX_ROUTES = 20
MSG_UNKNOWN_KEYS = "Unknown settings: {keys}"
MSG_FAIL_RATE = "failRate must be a number from 0 to 1"
MSG_STATUSES_NEEDED = "failStatuses must list at least one status when failRate is above 0"
MSG_ROUTE = "routes must be paths starting with / (* matches any characters)"


class StrictFloatField(serializers.FloatField):
    """A JSON number only: no strings, no booleans."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StandingSettingsSerializer(serializers.Serializer):
    failRate = StrictFloatField(
        source="fail_rate",
        default=0.0,
        min_value=0,
        max_value=1,
        error_messages={
            "invalid": MSG_FAIL_RATE,
            "min_value": MSG_FAIL_RATE,
            "max_value": MSG_FAIL_RATE,
        },
        help_text="Probability (0–1) that a matching request fails with one of failStatuses.",
    )
    failStatuses = serializers.ListField(
        source="fail_statuses",
        child=StrictIntegerField(min_value=400, max_value=599),
        default=list,
        max_length=20,
        help_text="Statuses (400–599) an injected failure picks from, uniformly.",
    )
    latency = serializers.CharField(
        allow_null=True,
        default=None,
        max_length=40,
        help_text='A `delay` form added to every matching request: "<ms>", "<min>-<max>" or '
        '"random"; null for none.',
    )
    routes = serializers.ListField(
        child=serializers.CharField(max_length=200),
        default=lambda: list(DEFAULT_ROUTES),
        min_length=1,
        max_length=MAX_ROUTES,
        help_text='Path patterns the settings apply to; `*` matches anything. Default ["/api/*"].',
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                message = MSG_UNKNOWN_KEYS.format(keys=", ".join(unknown))
                raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})
        return super().to_internal_value(data)

    def validate_latency(self, value):
        if value is None or value.strip() == "":
            return None
        try:
            parse_latency(value)
        except LatencyError as error:
            raise serializers.ValidationError(error.message) from None
        return value.strip()

    def validate_routes(self, value):
        if any(not route.startswith("/") for route in value):
            raise serializers.ValidationError(MSG_ROUTE)
        return value

    def validate(self, attrs):
        if attrs.get("fail_rate", 0) > 0 and not attrs.get("fail_statuses"):
            raise serializers.ValidationError({"failStatuses": [MSG_STATUSES_NEEDED]})
        return attrs


class RequestRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    method = serializers.CharField()
    path = serializers.CharField(help_text="Path with the query string")
    status = serializers.IntegerField()
    durationMs = serializers.FloatField(source="duration_ms")
    origin = serializers.CharField(allow_null=True)
    credentials = serializers.ChoiceField(
        ["cookie", "bearer", "cookie+bearer", "none"],
        help_text="Which credentials arrived (never their values)",
    )
    cors = serializers.ChoiceField(
        ["none", "same-origin", "allowed", "refused"],
        help_text="none: no Origin header; refused: the browser hides the answer",
    )
    requestContentType = serializers.CharField(source="request_content_type", allow_null=True)
    requestBody = serializers.CharField(
        source="request_body", allow_null=True, help_text="Masked, cut at 4 kB"
    )
    responseBody = serializers.CharField(
        source="response_body", allow_null=True, help_text="Masked, cut at 4 kB"
    )
    diagnoses = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="[{code, message}] for known frontend mistakes",
    )
    requestId = serializers.CharField(source="request_id", allow_null=True)


# Live events (docs/toolkit.md "Live events") ---------------------------------------------------
#
# The trigger stores what changed (toolkit/migrations/0007_event_capture.py): `op` and `data`,
# the changed row's columns under their column names plus a few facts. One serializer per
# event type shapes them into `ids` and `payload`; the fields are declared in the order the
# events have always had on the wire (tests/toolkit/test_event_wire.py pins it: the order
# jsonb gave them, shorter keys first). `ids` keep their nulls; `payload` leaves them out.


@extend_schema_field({"type": "object", "properties": {}, "additionalProperties": False})
class EmptyObjectField(serializers.Field):
    """`{}`: the ids or the payload of an event type that has none."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return {}


class PayloadSerializer(serializers.Serializer):
    # An event's `payload`: a field whose value is null is left out (no docstring: it would
    # become every payload component's description).

    def to_representation(self, instance):
        shown = super().to_representation(instance)
        return {key: value for key, value in shown.items() if value is not None}


class MovieEventIdsSerializer(serializers.Serializer):
    movie = serializers.IntegerField(source="id")


class MovieEventPayloadSerializer(PayloadSerializer):
    title = serializers.CharField()


class ActorEventIdsSerializer(serializers.Serializer):
    actor = serializers.IntegerField(source="id")


class ActorEventPayloadSerializer(PayloadSerializer):
    name = serializers.CharField(source="actor_name")


class StockEventIdsSerializer(serializers.Serializer):
    movie = serializers.IntegerField(source="movie_id")
    store = serializers.IntegerField(source="store_id")


class StockEventPayloadSerializer(PayloadSerializer):
    stock = serializers.SerializerMethodField(help_text="0 when the inventory row was deleted")

    @extend_schema_field(OpenApiTypes.INT)
    def get_stock(self, event) -> int:
        return 0 if event.op == "deleted" else event.data["stock_count"]


class RentalEventIdsSerializer(serializers.Serializer):
    movie = serializers.IntegerField(source="movie_id")
    store = serializers.IntegerField(source="store_id", allow_null=True)
    rental = serializers.IntegerField(source="id")
    customer = serializers.IntegerField(source="customer_id")
    inventory = serializers.IntegerField(source="inventory_id")


class RentalEventPayloadSerializer(PayloadSerializer):
    # As the database wrote them: ISO 8601 with the UTC offset, e.g. 2024-01-13T10:00:00+00:00.
    returnDate = serializers.DateTimeField(
        source="return_date", required=False, help_text="Absent until the rental is returned"
    )
    rentalEndDate = serializers.DateTimeField(source="rental_end_date")


class ShelfEventIdsSerializer(serializers.Serializer):
    movie = serializers.IntegerField(source="movie_id")
    customer = serializers.IntegerField(source="customer_id")


class CartEventPayloadSerializer(PayloadSerializer):
    change = serializers.ChoiceField(["created", "updated", "deleted"], source="op")
    quantity = serializers.IntegerField(source="data.quantity")


class WishlistEventPayloadSerializer(PayloadSerializer):
    change = serializers.ChoiceField(["created", "deleted"], source="op")


class CustomerEventIdsSerializer(serializers.Serializer):
    store = serializers.IntegerField(
        source="preferred_store_id", allow_null=True, help_text="The preferred store, if any"
    )
    customer = serializers.IntegerField(source="id")


class ImportEventPayloadSerializer(PayloadSerializer):
    count = serializers.IntegerField(help_text="Movies the batch created")


class UploadEventIdsSerializer(serializers.Serializer):
    job = serializers.UUIDField(source="id")


class UploadEventPayloadSerializer(PayloadSerializer):
    kind = serializers.ChoiceField(["validation", "upload"])
    status = serializers.ChoiceField(["done", "failed"])
    okCount = serializers.IntegerField(source="ok_count")
    totalRows = serializers.IntegerField(source="total_rows")
    failedCount = serializers.IntegerField(source="failed_count")


class EventBaseSerializer(serializers.Serializer):
    # What every event has; `id` is also the SSE `id:` (Last-Event-ID). A subclass declares
    # `type` (its event types), `ids` and `payload`, and a docstring (its OpenAPI description).

    WIRE_ORDER = ("id", "type", "at", "ids", "payload")

    id = serializers.IntegerField()
    at = serializers.DateTimeField()

    def get_fields(self):
        fields = super().get_fields()
        return {name: fields[name] for name in self.WIRE_ORDER}

    @classmethod
    def event_types(cls) -> list[str]:
        return list(cls._declared_fields["type"].choices)


def _ops(noun: str) -> list[str]:
    return [f"{noun}.{op}" for op in ("created", "updated", "deleted")]


class MovieEventSerializer(EventBaseSerializer):
    """A movie was created, updated or deleted (its title as it is, or was). To everyone."""

    type = serializers.ChoiceField(_ops("movie"))
    ids = MovieEventIdsSerializer(source="data")
    payload = MovieEventPayloadSerializer(source="data")


class ActorEventSerializer(EventBaseSerializer):
    """An actor was created, updated or deleted. To everyone."""

    type = serializers.ChoiceField(_ops("actor"))
    ids = ActorEventIdsSerializer(source="data")
    payload = ActorEventPayloadSerializer(source="data")


class StockEventSerializer(EventBaseSerializer):
    """A store's stock of a movie changed (0: its inventory row was deleted). To everyone."""

    type = serializers.ChoiceField(["stock.changed"])
    ids = StockEventIdsSerializer(source="data")
    payload = StockEventPayloadSerializer(source="*")  # reads the event's op


class RentalEventSerializer(EventBaseSerializer):
    """A rental was created or returned. To its customer and the staff of its store."""

    type = serializers.ChoiceField(["rental.created", "rental.returned"])
    ids = RentalEventIdsSerializer(source="data")
    payload = RentalEventPayloadSerializer(source="data")


class CartEventSerializer(EventBaseSerializer):
    """A cart line was added, changed or removed. To its customer."""

    type = serializers.ChoiceField(["cart.changed"])
    ids = ShelfEventIdsSerializer(source="data")
    payload = CartEventPayloadSerializer(source="*")  # reads the event's op


class WishlistEventSerializer(EventBaseSerializer):
    """A wishlist entry was added or removed. To its customer."""

    type = serializers.ChoiceField(["wishlist.changed"])
    ids = ShelfEventIdsSerializer(source="data")
    payload = WishlistEventPayloadSerializer(source="*")  # reads the event's op


class CustomerEventSerializer(EventBaseSerializer):
    """A customer registered. To the staff of their preferred store (all staff when none)."""

    type = serializers.ChoiceField(["customer.registered"])
    ids = CustomerEventIdsSerializer(source="data")
    payload = EmptyObjectField()


class ImportEventSerializer(EventBaseSerializer):
    """A batch of a CSV upload committed `count` new movies. To everyone."""

    type = serializers.ChoiceField(["movie.imported"])
    ids = EmptyObjectField()
    payload = ImportEventPayloadSerializer(source="data")


class UploadEventSerializer(EventBaseSerializer):
    """A tracked upload finished. To the staff member who started it."""

    type = serializers.ChoiceField(["upload.finished"])
    ids = UploadEventIdsSerializer(source="data")
    payload = UploadEventPayloadSerializer(source="data")


# Every event type and its serializer.
EVENT_TYPES = {
    kind: serializer
    for serializer in (
        MovieEventSerializer,
        ActorEventSerializer,
        StockEventSerializer,
        RentalEventSerializer,
        CartEventSerializer,
        WishlistEventSerializer,
        CustomerEventSerializer,
        ImportEventSerializer,
        UploadEventSerializer,
    )
    for kind in serializer.event_types()
}

# The OpenAPI description of an event: one component per serializer, told apart by `type`.
EVENT_SCHEMA = PolymorphicProxySerializer(
    component_name="Event", serializers=EVENT_TYPES, resource_type_field_name="type"
)


class EventSerializer(serializers.Serializer):
    """One live event in the shape of its type's serializer (EVENT_TYPES). Each of those is
    built once and reused, so an event costs only its own fields' work."""

    _shapers = {kind: serializer() for kind, serializer in EVENT_TYPES.items()}

    def to_representation(self, instance):
        return self._shapers[instance.type].to_representation(instance)
