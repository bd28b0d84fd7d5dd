"""/api/schema describes each live event type by its serializer (toolkit/serializers.py "Live
events"): a reader sees every type's ids and payload fields, not two free-form objects."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from toolkit.serializers import EVENT_TYPES


@pytest.fixture(scope="module")
def components():
    return SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def test_the_event_stream_serves_the_event_component():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    answer = schema["paths"]["/api/events"]["get"]["responses"]["200"]["content"]
    assert answer == {"text/event-stream": {"schema": ref("Event")}}


def test_an_event_is_one_of_a_component_per_serializer_told_apart_by_type(components):
    kinds = {
        "MovieEvent": ["movie.created", "movie.updated", "movie.deleted"],
        "ActorEvent": ["actor.created", "actor.updated", "actor.deleted"],
        "StockEvent": ["stock.changed"],
        "RentalEvent": ["rental.created", "rental.returned"],
        "CartEvent": ["cart.changed"],
        "WishlistEvent": ["wishlist.changed"],
        "CustomerEvent": ["customer.registered"],
        "ImportEvent": ["movie.imported"],
        "UploadEvent": ["upload.finished"],
    }
    assert components["Event"] == {
        "oneOf": [ref(name) for name in kinds],
        "discriminator": {
            "propertyName": "type",
            "mapping": {kind: ref(name)["$ref"] for name, types in kinds.items() for kind in types},
        },
    }


def test_every_event_type_has_a_serializer():
    assert sorted(EVENT_TYPES) == sorted(
        [
            "movie.created",
            "movie.updated",
            "movie.deleted",
            "actor.created",
            "actor.updated",
            "actor.deleted",
            "stock.changed",
            "rental.created",
            "rental.returned",
            "cart.changed",
            "wishlist.changed",
            "customer.registered",
            "movie.imported",
            "upload.finished",
        ]
    )


@pytest.mark.parametrize(
    ("component", "ids", "payload"),
    [
        ("MovieEvent", ["movie"], ["title"]),
        ("ActorEvent", ["actor"], ["name"]),
        ("StockEvent", ["movie", "store"], ["stock"]),
        (
            "RentalEvent",
            ["movie", "store", "rental", "customer", "inventory"],
            ["returnDate", "rentalEndDate"],
        ),
        ("CartEvent", ["movie", "customer"], ["change", "quantity"]),
        ("WishlistEvent", ["movie", "customer"], ["change"]),
        ("CustomerEvent", ["store", "customer"], []),
        ("ImportEvent", [], ["count"]),
        ("UploadEvent", ["job"], ["kind", "status", "okCount", "totalRows", "failedCount"]),
    ],
)
def test_each_event_component_lists_its_ids_and_payload_in_wire_order(
    components, component, ids, payload
):
    event = components[component]
    assert list(event["properties"]) == ["id", "type", "at", "ids", "payload"]

    def fields(part):
        schema = event["properties"][part]
        if "$ref" in schema:
            schema = components[schema["$ref"].rsplit("/", 1)[1]]
        return list(schema["properties"])

    assert (fields("ids"), fields("payload")) == (ids, payload)


def test_a_payload_field_that_may_be_absent_is_not_required(components):
    assert components["RentalEventPayload"]["required"] == ["rentalEndDate"]


def test_an_event_without_ids_describes_them_as_an_empty_object(components):
    assert components["ImportEvent"]["properties"]["ids"] == {
        "type": "object",
        "properties": {},
        "additionalProperties": False,
        "readOnly": True,
    }
