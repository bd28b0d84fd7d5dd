"""reelfake.bodies: input serializers that read a write body the way the contract does, one
message at a time, in the contract's order of checks (docs/people.md "Request bodies")."""

import pytest
from rest_framework import serializers

from reelfake.bodies import (
    BodySerializer,
    FlagBodyField,
    IdBodyField,
    RowIdBodyField,
    TextBodyField,
    WholeNumberBodyField,
    validated_data,
)
from reelfake.exceptions import ApplicationError


class ThingBodySerializer(BodySerializer):
    check_order = ("check_pair", "name", "ownerId")

    name = TextBodyField("Name", max_length=5, required=False)
    ownerId = IdBodyField("Owner id must be a number", required=False, source="owner_id")

    def check_pair(self, attrs, data):
        if data.get("name") == "both" and data.get("ownerId"):
            raise serializers.ValidationError("Not both")


class NestedBodySerializer(BodySerializer):
    nul_checked = True

    thing = ThingBodySerializer(required=False)


def message_of(serializer_class, data) -> str:
    with pytest.raises(ApplicationError) as raised:
        validated_data(serializer_class, data)
    assert raised.value.status == 400
    return raised.value.message


def test_values_come_back_under_their_service_keywords():
    assert validated_data(ThingBodySerializer, {"name": "Ann", "ownerId": "7"}) == {
        "name": "Ann",
        "owner_id": 7,
    }


def test_absent_and_empty_values_are_none():
    assert validated_data(ThingBodySerializer, {"name": "  ", "ownerId": 0}) == {
        "name": None,
        "owner_id": None,
    }


def test_undeclared_keys_are_left_out():
    values = validated_data(ThingBodySerializer, {"name": "Ann", "password": "x", "id": 3})
    assert values == {"name": "Ann", "owner_id": None}


def test_a_body_that_is_no_object_reads_as_empty():
    assert validated_data(ThingBodySerializer, ["name", "Ann"]) == {
        "name": None,
        "owner_id": None,
    }


def test_the_first_failing_step_is_the_only_message():
    body = {"name": "far too long", "ownerId": "x"}
    assert message_of(ThingBodySerializer, body) == "Name must be at most 5 characters long"


def test_a_field_later_in_the_order_answers_when_the_earlier_ones_pass():
    assert message_of(ThingBodySerializer, {"ownerId": "x"}) == "Owner id must be a number"


def test_a_check_step_runs_in_its_place_in_the_order():
    assert message_of(ThingBodySerializer, {"name": "both", "ownerId": "x"}) == "Not both"


def test_a_nested_bodys_message_is_the_400():
    body = {"thing": {"name": 42.5}}
    assert message_of(NestedBodySerializer, body) == "Name must be a string"


def test_nul_anywhere_in_the_whitelisted_body_is_the_first_400():
    body = {"thing": {"name": "far too long", "ownerId": "a\x00b"}}
    assert message_of(NestedBodySerializer, body) == "Text values cannot contain NUL characters"


def test_nul_in_an_undeclared_key_is_ignored_with_the_key():
    values = validated_data(NestedBodySerializer, {"thing": {"name": "Ann", "note": "a\x00"}})
    assert values == {"thing": {"name": "Ann", "owner_id": None}}


@pytest.mark.parametrize(("sent", "read"), [(2, 2), (2.0, 2), ("3", 3), (None, None)])
def test_a_whole_number_field_reads_numbers_and_digit_strings(sent, read):
    field = WholeNumberBodyField("Bad number", min_value=1)
    assert field.to_internal_value(sent) == read


@pytest.mark.parametrize("sent", [1.5, "abc", True, 0, [1]])
def test_a_whole_number_field_refuses_anything_else_with_its_message(sent):
    field = WholeNumberBodyField("Bad number", min_value=1)
    with pytest.raises(serializers.ValidationError) as raised:
        field.to_internal_value(sent)
    assert raised.value.detail == ["Bad number"]


@pytest.mark.parametrize("sent", [0, "true", 1])
def test_a_flag_field_takes_json_booleans_only(sent):
    with pytest.raises(serializers.ValidationError) as raised:
        FlagBodyField("Flag must be boolean").to_internal_value(sent)
    assert raised.value.detail == ["Flag must be boolean"]


def test_a_flag_field_keeps_false():
    assert FlagBodyField("Flag must be boolean").to_internal_value(False) is False


@pytest.mark.parametrize(
    ("sent", "read"), [(7, 7), ("7", 7), ("abc", "abc"), (0, None), (2**31, "2147483648")]
)
def test_a_row_id_field_gives_an_id_or_the_text_of_one_no_row_has(sent, read):
    assert RowIdBodyField().to_internal_value(sent) == read
