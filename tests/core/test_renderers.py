"""reelfake.renderers.JSONRenderer: orjson, byte for byte what DRF's JSONRenderer writes."""

import datetime
import decimal
import json
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.exceptions import ErrorDetail

from reelfake.renderers import JSONRenderer

VALUES = {
    "text": 'Amélie \u2028 \u2029 "quoted" \\ \n tab\t',
    "numbers": [0, -1, 1.5, 7.0, 0.0001, 1e16, 2**63 - 1],
    "flags": [True, False, None],
    "moment": datetime.datetime(2024, 1, 6, 10, 0, 0, 123456, tzinfo=datetime.UTC),
    "day": datetime.date(2024, 1, 6),
    "money": decimal.Decimal("9.99"),
    "lazy": gettext_lazy("Invalid id"),
    "error": ErrorDetail("Invalid page number", code="invalid"),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    7: {"nested": [{"deep": []}]},
}


@pytest.mark.parametrize("key", list(VALUES))
def test_each_kind_of_value_renders_as_drf_renders_it(key):
    data = {key: VALUES[key]}
    assert JSONRenderer().render(data) == renderers.JSONRenderer().render(data)


def test_tiny_floats_differ_only_in_the_exponents_digits():
    # The one known difference: json writes 2.5e-07, orjson 2.5e-7; both read as the same.
    data = {"tiny": 2.5e-7}
    assert JSONRenderer().render(data) == b'{"tiny":2.5e-7}'
    assert json.loads(JSONRenderer().render(data)) == json.loads(
        renderers.JSONRenderer().render(data)
    )


def test_what_orjson_refuses_falls_back_to_drf():
    data = {"huge": 2**70}
    assert JSONRenderer().render(data) == b'{"huge":1180591620717411303424}'


def test_an_indent_request_is_honoured():
    body = JSONRenderer().render({"a": 1}, "application/json; indent=2")
    assert body == b'{\n  "a": 1\n}'


def test_no_data_is_an_empty_body():
    assert JSONRenderer().render(None) == b""
